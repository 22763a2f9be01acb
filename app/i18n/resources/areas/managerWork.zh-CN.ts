/** zh-CN messages of one feature area (kept in its own file so areas can grow without colliding). */
export const managerWorkZhCN = {
  title: '跟进',
};
