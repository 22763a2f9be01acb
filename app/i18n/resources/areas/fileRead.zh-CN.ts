/**
 * zh-CN messages for what reading an uploaded file can fail with (ReadErrorCode), shared by the shops' uploads,
 * staff's master data and the cycle plan's caps and supply files. Parameters: see app/ui/uploads/read-error-message.ts.
 */
export const fileReadZhCN = {
  where: { file: '「{{file}}」', sheet: '「{{file}}」的工作表「{{sheet}}」' },
  error: {
    empty_file: '{{where}}是空的。',
    too_large: '文件太大（上限 {{maxMb}} MB）。请分成几个文件上传。',
    too_large_unpacked: '{{where}}解压后超过 {{maxMb}} MB（单个文件的上限）。请分成几个文件上传。',
    too_many_rows: '{{where}}的行数太多：{{rows}} 行，上限 {{maxRows}} 行。请分成几个文件上传。',
    not_a_table: '{{where}}读不出表格：第一行应该是列名（如 条码、数量、日期），每列用逗号分隔。',
    not_a_table_sheet: '{{where}}里读不出表格：表格的第一行应该是列名（如 条码、数量、日期），每个列名占一个单元格。',
    corrupt_xlsx: '{{where}}已损坏或不完整，读不出来。请在 Excel 或 WPS 里重新导出或另存一份再上传。',
    corrupt_gzip: '{{where}}是损坏或不完整的 .gz 压缩文件，无法解压。请重新压缩，或直接上传 CSV 文件。',
    unsupported_type: '不支持{{where}}这种文件。请另存为 .xlsx 或 CSV 后再上传。',
    mixed_encoding: '{{where}}混用了两种编码：第 {{firstUtf8LineNo}} 行是 UTF-8，第 {{firstOtherLineNo}} 行是 GBK。请用同一种编码重新导出。',
    archive_too_large: {
      entries: '{{where}}不像正常的 Excel 文件：里面有 {{entries}} 个部件（上限 {{maxEntries}} 个）。请在 Excel 或 WPS 里另存为 .xlsx 或 CSV 再上传。',
      entry_size: '{{where}}解压后太大：其中的 {{part}} 超过 {{maxMb}} MB，而 20 万行的表格也用不了这么多。文件可能已损坏或被改动过；请在 Excel 或 WPS 里另存一份再上传。',
      total_size: '{{where}}解压后太大：超过 {{maxMb}} MB，而 20 万行的表格也用不了这么多。文件可能已损坏或被改动过；请在 Excel 或 WPS 里另存一份再上传。',
      ratio: '{{where}}解压后有 {{sizeMb}} MB 以上，是文件本身的一百多倍，正常的表格不会这样。文件可能已损坏或被改动过；请在 Excel 或 WPS 里另存一份再上传。',
    },
    too_complex: '读取{{where}}用的内存或时间超过了上限，已停止读取。请删去不需要的工作表、图片和格式，或另存为 CSV 后再上传。',
    busy: '服务器正在读取别的文件，请一分钟后再上传。',
  },
  /** The page answered when a form's body is over the server's limit before any route reads it (server.js). */
  tooLargePage: { title: '文件太大', message: '没有上传：文件太大（上限 {{maxMb}} MB）。请分成几个文件再上传。', back: '返回上一页' },
};
