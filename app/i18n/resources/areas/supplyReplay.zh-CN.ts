/** zh-CN: the replay of supply methods on the county's own history (/staff/supply-replay, issue 18). */
export const supplyReplayZhCN = {
  nav: '配货方式回放',
  title: '配货方式回放',
  intro:
    '用本县最近几个已送达周期的真实订单、投放量和限量，把每个供不应求的紧俏品规分别按档位、按需重新分一次，再看各户送货后两周实际能卖掉多少。不会改动任何数据。计算在后台进行，可以离开本页，回来看结果。',
  cycles: '回放最近几个已送达周期',
  cyclesHint: '只算送货后已满两周的周期，1–{{max}} 个。',
  floor: '按需保底量（条）',
  floorHint: '常销客户每户先分得的条数，0–{{max}}。',
  run: '开始回放',
  running: '回放中……',
  invalid: '请填写 1–{{maxCycles}} 个周期，保底量为 0–{{maxFloor}} 的整数条。',
  jobDone_one: '已回放 {{count}} 个供不应求的品规周次。',
  jobDone_other: '已回放 {{count}} 个供不应求的品规周次。',
  window: '回放周期：{{cycles}}；按需保底 {{floor}} 条。',
  noneShort: '这些周期里没有供不应求的紧俏品规，没有可比较的。',
  method: { grade: '按档位', demand: '按需', hindsight: '事后最优（上限，非方法）' },
  figures: {
    allocated: '分配量',
    sold: '送货后两周卖出',
    left: '两周后仍未卖出',
    demandMet: '估计需求满足率',
    coverage: '常销客户覆盖',
    bandsLeftOut: '常销客户一条未得的档位段',
    evenness: '满足均衡度',
  },
  coverageValue: '{{covered}} / {{total}}（{{share}}）',
  bandsValue: '{{left}} / {{total}}',
  hindsightNote:
    '事后最优：假如事先知道每户送货后两周能卖多少，在同样的投放量、订单和限量之内最多能卖出的比例。没有哪种配货方式能事先知道这些，它只用来衡量还有多少提升空间。',
  definitions:
    '送货后两周卖出 = 每户 min(分到的盒数, 送货后 14 天的需求 − 送货当天早上的库存) 之和 ÷ 分配的盒数（断货日的销量按“至少这么多”计）；估计需求满足率 = 每户 min(分配量, 估计需求) 之和 ÷ 估计需求之和；满足均衡度 = 1 − 各户满足程度的基尼系数（1 = 各户满足程度相同），各品规周次取平均。',
};
