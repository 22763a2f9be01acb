/** English messages of one feature area; must have exactly the keys of ./managerWork.zh-CN.ts. */
export const managerWorkEn = {
  title: 'Follow-up',
};
