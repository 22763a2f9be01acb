/** English messages of one feature area; must have exactly the keys of ./masterData.zh-CN.ts. */
export const masterDataEn = {
  title: 'Master data',
};
