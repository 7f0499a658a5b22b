import { Type, type Static } from '../../engine/sdk/index.js';
import { stringEnum } from '../file-common/string-enum.js';
import { TEXT_ENCODINGS } from '../file-common/text-decoding.js';
import { DELIMITER_CANDIDATES } from './delimiter-detection.js';

export const CsvReadConfigSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, description: "CSV file to read. A relative path resolves against the flow file's folder." }),
    delimiter: Type.Optional(
      stringEnum(['auto', ...DELIMITER_CANDIDATES], {
        default: 'auto',
        description: "Field delimiter. 'auto' picks among comma, semicolon, tab and pipe from the first lines.",
      }),
    ),
    encoding: Type.Optional(
      stringEnum(['auto', ...TEXT_ENCODINGS], {
        default: 'auto',
        description: "'auto': a byte order mark decides between UTF-8 and UTF-16; otherwise UTF-8 when the file is valid UTF-8 or mostly so (invalid bytes then fail their rows), else Windows-1252.",
      }),
    ),
    header: Type.Optional(
      Type.Boolean({ default: true, description: 'The first row names the columns. Without it, columns are named column1, column2, ...' }),
    ),
    fillDown: Type.Optional(
      Type.Object(
        {
          columns: Type.Array(Type.String({ minLength: 1 }), {
            minItems: 1,
            description: 'Columns whose empty cells take the value of the row above. Columns the file does not have are skipped, so one list serves several layouts.',
          }),
          groupColumn: Type.Optional(
            Type.String({
              minLength: 1,
              description: "Fill only while this column has the same value as in the row above, such as 'Handle' in a Shopify export, so a product never takes another product's values.",
            }),
          ),
        },
        {
          additionalProperties: false,
          description: 'Fills empty cells from the row above, for exports that write product fields on the first row of each product only, such as the variant rows of a Shopify export.',
        },
      ),
    ),
    keyColumn: Type.Optional(
      Type.String({ minLength: 1, description: "Column that contains the business key (item number, customer number). A row whose key is empty fails." }),
    ),
    quote: Type.Optional(
      Type.String({ maxLength: 1, default: '"', description: "Quote character; a quote inside a quoted field is doubled. '' turns quoting off." }),
    ),
    skipEmptyLines: Type.Optional(
      Type.Boolean({ default: true, description: 'Skip lines with no characters. Otherwise each is a row with one empty field.' }),
    ),
    skipLines: Type.Optional(
      Type.Integer({ minimum: 0, default: 0, description: 'Lines to skip before the header, such as the metadata line of a DATEV export.' }),
    ),
    trim: Type.Optional(Type.Boolean({ default: false, description: 'Remove spaces and tabs around each field.' })),
  },
  { additionalProperties: false },
);

export type CsvReadConfig = Static<typeof CsvReadConfigSchema>;
