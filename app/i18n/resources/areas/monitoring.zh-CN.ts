/** zh-CN messages of one feature area (kept in its own file so areas can grow without colliding). */
export const monitoringZhCN = {
  title: '全县监控',
};
