/** Loads the node kinds from the engine host into the catalog store. */
import { api, describeError } from '../api/api.js';
import { useCatalogStore } from '../stores/catalog-store.js';

export async function loadCatalog(): Promise<void> {
  try {
    const { kinds } = await api().listNodeKinds({});
    useCatalogStore.getState().setKinds(kinds);
  } catch (error) {
    useCatalogStore.getState().setFailed(`node kinds could not be loaded: ${describeError(error)}`);
  }
}
