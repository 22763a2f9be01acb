/** English messages of one feature area; must have exactly the keys of ./monitoring.zh-CN.ts. */
export const monitoringEn = {
  title: 'Monitoring',
};
