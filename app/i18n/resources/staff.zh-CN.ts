/** Simplified Chinese messages of the staff and managers' pages (the `staff` namespace): the source every other language must match. A retailer's browser never loads them (decision 0034). */
import { allocationZhCN } from './areas/allocation.zh-CN';
import { cyclesZhCN } from './areas/cycles.zh-CN';
import { handoverZhCN } from './areas/handover.zh-CN';
import { masterDataZhCN } from './areas/masterData.zh-CN';
import { monitoringZhCN } from './areas/monitoring.zh-CN';
import { jobsZhCN } from './areas/jobs.zh-CN';
import { backtestZhCN } from './areas/backtest.zh-CN';
import { insightsZhCN } from './areas/insights.zh-CN';
import { reportsZhCN } from './areas/reports.zh-CN';
import { notifyStaffZhCN } from './areas/notifyStaff.zh-CN';
import { specPicturesZhCN } from './areas/specPictures.zh-CN';
import { allocationEvennessZhCN } from './areas/allocationEvenness.zh-CN';
import { monitoringDemandZhCN } from './areas/monitoringDemand.zh-CN';
import { supplyReplayZhCN } from './areas/supplyReplay.zh-CN';
import { gradingZhCN } from './areas/grading.zh-CN';

export const staffZhCN = {
  staff: {
    homeTitle: '全县监控',
    retailersActive: '在册零售客户',
    retailersOnline: '网上配货客户',
    uploadRateYesterday: '昨日信息上传率',
    ordersThisCycle: '本周已提交订单',
    salesLast7Days: '近 7 天销量',
    byStation: '按管理所',
    station: '管理所',
    managers: '客户经理',
    retailers: '零售客户',
    packs_one: '{{count}} 盒',
    packs_other: '{{count}} 盒',
    cycle: '当前周期 {{code}}',
    noCycle: '当前没有开放的订货周期',
  },
  ruleStaff: {
    nav: '建议订货',
    title: '销售引导购进：建议订货',
    intro: '建议量按各客户自己的销售和库存计算。这里设置规则参数（每次保存都成为新版本）、为全县计算本周期建议，并查看预测准确率。',
    settings: '规则参数',
    version: '当前版本 {{version}}',
    defaults: '尚未保存过参数，正在使用默认值。',
    serviceLevels: '服务水平（不断货的概率）',
    scarce: '紧俏品规',
    premium: '一类、二类',
    standard: '其他品规',
    newSpecStart: '新品起订量（条），按档位',
    band: '{{from}}–{{to}} 档',
    intermittentMethod: '间歇需求预测方法',
    roundDown: '取整时可由安全库存吸收的零头（条，0 = 总是向上取整）',
    maxCoverDays: '最多可备货天数',
    maxCoverDaysHint: '订货后，店里的货（现有、在途加这次订的）最多够卖多少天。再订一条就会超过这个天数时，这一条不建议；一条要卖更久的慢销品规就不建议订货，免得一压几个月。0 = 不限制，最多 {{max}} 天。',
    maxCoverDaysNow_one: '现在：最多 {{count}} 天。',
    maxCoverDaysNow_other: '现在：最多 {{count}} 天。',
    maxCoverDaysOff: '现在：不限制。',
    levelFollowDefault: '按规则默认（目前是：{{method}}）',
    levelDefault: '正在使用：{{method}}，即规则的默认方法。选“按规则默认”时，以后默认方法更新会自动跟上。',
    levelChosen: '正在使用：{{method}}，由本版本特意选定；规则的默认方法以后更新，它也不变。',
    levelSetAside: '正在使用：{{method}}，即规则的默认方法。版本 {{version}} 里记着“{{saved}}”，那只是当时页面预先选好的，不算特意选定，所以按默认执行；如要继续用它，请在这里选定后保存。',
    note: '修改说明',
    save: '保存为新版本',
    saved: '已保存为版本 {{version}}。下次计算建议时生效；要让本周期的建议马上按新参数计算，请点“开始计算”。',
    invalid: '参数不正确：服务水平在 0.5 到 0.999 之间，起订量为 0 到 50 的整数，最多可备货天数为 0 到 365 的整数。',
    history: '参数历史',
    by: '修改人',
    batch: '全县计算',
    batchIntro: '为每个在册客户计算当前订货周期的建议量。计算在后台进行（全县约 10 秒，全市约 1 分钟），这里显示进度和结果。',
    runBatch: '开始计算',
    batchDone: '已为 {{shops}} 户客户计算 {{suggestions}} 条建议，用时 {{seconds}} 秒。',
    accuracy: '预测准确率',
    accuracyIntro: '预测准确率 = 1 − Σ|预测 − 实际| ÷ Σ实际，只计全周都上传了销售数据的客户。',
    cycle: '周期',
    forecast: '预测（盒）',
    actual: '实际（盒）',
    rate: '准确率',
    computeFor: '计算该周期的准确率',
    chooseCycle: '选择已结束的周期',
    accuracyDone: '{{code}} 的预测准确率：{{rate}}。',
    running: '计算中……',
    noAccuracy: '还没有计算过。',
  },
  cycles: cyclesZhCN,
  handover: handoverZhCN,
  masterData: masterDataZhCN,
  monitoring: monitoringZhCN,
  jobs: jobsZhCN,
  backtest: backtestZhCN,
  insights: insightsZhCN,
  allocation: allocationZhCN,
  reports: reportsZhCN,
  notifyStaff: notifyStaffZhCN,
  specPictures: specPicturesZhCN,
  allocationEvenness: allocationEvennessZhCN,
  monitoringDemand: monitoringDemandZhCN,
  supplyReplay: supplyReplayZhCN,
  grading: gradingZhCN,
};

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
/** Every language provides exactly these keys. */
export type StaffMessages = DeepStrings<typeof staffZhCN>;
