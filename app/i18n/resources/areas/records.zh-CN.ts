/**
 * zh-CN messages of the shop's records as the shop sees them: its upload history (every channel), rows added up on
 * import, the stock count's last figures and its "确认？", and what a delivery check reported. Own file so areas can
 * grow without colliding.
 */
export const recordsZhCN = {
  history: {
    summary_one: '共 {{count}} 条上传记录，{{days}} 天有数据。',
    summary_other: '共 {{count}} 条上传记录，{{days}} 天有数据。',
    none: '还没有上传记录。',
    figures_one: '{{count}} 个品规',
    figures_other: '{{count}} 个品规',
    rejected_one: '{{count}} 行有问题',
    rejected_other: '{{count}} 行有问题',
    sentAt: '{{time}} 上传',
    byUser: '由 {{name}}',
    byToken: '收银机：{{name}}',
    page: '第 {{page}} / {{pages}} 页',
    newer: '较新的记录',
    older: '较早的记录',
    pages: '上传记录翻页',
  },
  merges: {
    rows_one: '{{count}} 行正确，其中 {{merged}} 行同一天同一规格已合并为 {{into}} 行。',
    rows_other: '{{count}} 行正确，其中 {{merged}} 行同一天同一规格已合并为 {{into}} 行。',
    stored_one: '共保存 {{count}} 个数字。',
    stored_other: '共保存 {{count}} 个数字。',
  },
  count: {
    last_one: '上次盘点 {{count}} 盒（{{day}}）',
    last_other: '上次盘点 {{count}} 盒（{{day}}）',
    never: '还没有盘点过',
    expected_one: '按记录现在约 {{count}} 盒',
    expected_other: '按记录现在约 {{count}} 盒',
    confirmTitle: '这些数和记录相差很大，确认吗？',
    wild_one: '{{name}}：您填了 {{count}} 盒，按记录现在约有 {{expected}} 盒。',
    wild_other: '{{name}}：您填了 {{count}} 盒，按记录现在约有 {{expected}} 盒。',
    hint: {
      cartons: '是不是填成了条数？这里填盒数（1 条 = {{packsPerCarton}} 盒）。',
      extra_zero: '是不是多打了一个 0？',
      far: '请再数一遍，数对了就确认。',
    },
    confirm: '确认，按填的保存',
    fix: '返回修改',
    needsConfirm: '有的数和记录相差很大，请核对后确认。',
  },
  delivery: {
    allAsAllocated: '收货已确认：实收与配货一致。',
    reported_one: '收货已确认。您报告了 {{count}} 个品规与配货不符，客户经理会看到：',
    reported_other: '收货已确认。您报告了 {{count}} 个品规与配货不符，客户经理会看到：',
    short_one: '{{name}}：少 {{count}} 条（配货 {{allocated}} 条，实收 {{received}} 条）',
    short_other: '{{name}}：少 {{count}} 条（配货 {{allocated}} 条，实收 {{received}} 条）',
    over_one: '{{name}}：多 {{count}} 条（配货 {{allocated}} 条，实收 {{received}} 条）',
    over_other: '{{name}}：多 {{count}} 条（配货 {{allocated}} 条，实收 {{received}} 条）',
  },
};
