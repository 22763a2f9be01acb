/** zh-CN words for the days a shop was closed, read from its own sales (issue 14): spread into why.note. */
export const closedDaysNoteZhCN = {
  shop_closed_days_one: '有 {{count}} 天店里一样烟都没卖出（平时天天有卖，看作歇业），这些天不计入销量，不当作没人买。',
  shop_closed_days_other: '有 {{count}} 天店里一样烟都没卖出（平时天天有卖，看作歇业），这些天不计入销量，不当作没人买。',
};
