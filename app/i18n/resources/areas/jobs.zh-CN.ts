/** zh-CN messages of long work run as jobs (app/ui/job-status.tsx), whatever the page. */
export const jobsZhCN = {
  queued: '已排队，马上开始（{{time}} 提交）。可以离开本页，完成后回来查看结果。',
  preparing: '正在准备……',
  running: '正在计算：已完成 {{percent}}（{{done}} / {{total}}）',
  finished: '完成于 {{time}}。',
  failed: '没有完成：{{reason}}',
  reasons: {
    error: '计算时出错。请稍后再试一次；如果一直出错，请联系系统管理员。',
    interrupted: '计算多次被服务器重启打断，已经停下。请再点一次开始。',
    not_found: '所选的周期不存在或还没有结束。',
    unknown_kind: '这项计算是由另一个版本提交的，本版本不认识。请再点一次开始。',
    no_history: '每天上传销售数据的客户历史还不够长，没法回放这么多周。请少选几周，或等数据多一些再试。',
    bad_status: '这个周期现在不能估计需求：要在截单之后、发布配货结果之前。',
  },
};
