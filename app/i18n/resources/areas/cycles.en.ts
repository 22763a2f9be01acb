/** English messages of one feature area; must have exactly the keys of ./cycles.zh-CN.ts. */
export const cyclesEn = {
  title: 'Cycles',
};
