/** English messages of one feature area; must have exactly the keys of ./backtest.zh-CN.ts. */
export const backtestEn = {
  title: 'Backtest',
};
