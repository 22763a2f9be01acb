/** 配货均衡度 (issue 18): the evenness of fill on the cycle's allocation page. */
export const allocationEvennessZhCN = {
  evenness: '满足均衡度',
  evennessHint: '1 − 各户满足程度（分配量 ÷ 估计需求，至多为 1）的基尼系数',
  bandGap: '档位段满足率差',
  bandGapHint: '满足率最高与最低的档位段之差',
  points_one: '{{count}} 个百分点',
  points_other: '{{count}} 个百分点',
  definition:
    '满足均衡度：每户满足程度 = min(1, 分配量 ÷ 估计需求)，均衡度 = 1 − 各户满足程度的基尼系数；1 表示每户满足的比例相同，越接近 0 表示货源集中在少数客户。档位段满足率差 = 需求满足率最高的档位段减最低的档位段。',
};
