/** English messages for what reading an uploaded file can fail with; the shape is the zh-CN one. */
import type { fileReadZhCN } from './fileRead.zh-CN';

export const fileReadEn = {
  where: { file: '“{{file}}”', sheet: 'sheet “{{sheet}}” of “{{file}}”' },
  error: {
    empty_file: '{{where}} is empty.',
    too_large: 'The file is too large (limit {{maxMb}} MB). Please split it into several files.',
    too_large_unpacked: '{{where}} unpacks to more than {{maxMb}} MB, the limit for a file. Please split it into several files.',
    too_many_rows: '{{where}} has too many rows: {{rows}}, and the limit is {{maxRows}}. Please split it into several files.',
    not_a_table: 'No table found in {{where}}: the first row should name the columns (barcode, quantity, date…), separated by commas.',
    not_a_table_sheet: 'No table found in {{where}}: the first row of the table should name the columns (barcode, quantity, date…), one name per cell.',
    corrupt_xlsx: '{{where}} is damaged or incomplete and cannot be read. Please export it again, or open it in Excel or WPS and save a copy.',
    corrupt_gzip: '{{where}} is a damaged or incomplete .gz file and cannot be unpacked. Please compress it again, or upload the CSV itself.',
    unsupported_type: 'Files like {{where}} are not supported. Save it as .xlsx or CSV and upload again.',
    mixed_encoding: '{{where}} mixes two encodings: line {{firstUtf8LineNo}} is UTF-8 and line {{firstOtherLineNo}} is GBK. Please export it again in one encoding.',
    archive_too_large: {
      entries: '{{where}} does not look like a normal Excel file: it holds {{entries}} parts (the limit is {{maxEntries}}). Open it in Excel or WPS and save it as .xlsx or CSV, then upload again.',
      entry_size: '{{where}} unpacks to too much: its part {{part}} is over {{maxMb}} MB, more than a sheet of 200,000 rows needs. The file may be damaged or tampered with; open it in Excel or WPS, save a copy and upload that.',
      total_size: '{{where}} unpacks to too much: over {{maxMb}} MB, more than a sheet of 200,000 rows needs. The file may be damaged or tampered with; open it in Excel or WPS, save a copy and upload that.',
      ratio: '{{where}} unpacks to over {{sizeMb}} MB, more than a hundred times its own size, which no normal spreadsheet does. The file may be damaged or tampered with; open it in Excel or WPS, save a copy and upload that.',
    },
    too_complex: 'Reading {{where}} took more memory or time than allowed, so it was stopped. Remove sheets, pictures and formatting you do not need, or save it as CSV, and upload again.',
    busy: 'The server is busy reading other files. Please upload again in a minute.',
  },
  tooLargePage: { title: 'File too large', message: 'Nothing was uploaded: the file is too large (limit {{maxMb}} MB). Please split it into several files.', back: 'Back to the previous page' },
} satisfies typeof fileReadZhCN;
