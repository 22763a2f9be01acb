/** Home's to-do list: every open to-do, most urgent first (app/domain/shop/todos.ts), each with one big button. */
import { Link } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { todoKey, type Todo } from '~/domain/shop/todos';
import { formatDateTime, formatMoney } from '~/ui/format';

/** Where each to-do's button goes. */
function targetOf(todo: Todo): string {
  switch (todo.kind) {
    // Straight to the review of what will be submitted (the order page's sheet): one tap more submits it.
    case 'order_not_submitted':
    case 'order_changed':
      return '/retailer/order?review=1';
    case 'deposit_short':
      return '/retailer/order';
    case 'allocation_to_check':
    case 'delivery_to_confirm':
      return `/retailer/orders/${todo.orderId}`;
    case 'notice_to_acknowledge':
      return `/retailer/notices/${todo.noticeId}`;
    case 'data_issues':
      return '/retailer/issues';
    case 'sales_not_uploaded':
      return '/retailer/uploads';
    case 'stock_count_due':
      return '/retailer/stock-count';
    case 'survey':
      return '/retailer/survey';
    case 'answers_unread':
      return '/retailer/questions';
  }
}

function TodoText({ todo }: { todo: Todo }) {
  const { t } = useTranslation();
  switch (todo.kind) {
    case 'order_not_submitted':
      return <p>{todo.hasDraft ? t('shop.todo.order_not_submitted.draft') : t('shop.todo.order_not_submitted.text', { code: todo.cycleCode })}</p>;
    case 'order_changed':
      return <p>{t('shop.todo.order_changed.text')}</p>;
    case 'deposit_short':
      return <p>{t('shop.todo.deposit_short.text', { amount: formatMoney(todo.shortfallFen, t) })}</p>;
    case 'allocation_to_check':
      return <p>{todo.problemReported ? t('shop.todo.allocation_to_check.problem', { code: todo.cycleCode }) : t('allocationCheck.todo', { code: todo.cycleCode })}</p>;
    case 'delivery_to_confirm':
      return <p>{t('shop.todo.delivery_to_confirm.text', { code: todo.cycleCode, day: todo.deliveredOn })}</p>;
    case 'notice_to_acknowledge':
      return <p>{t('notices.todo.text', { title: todo.title, time: formatDateTime(todo.publishedAt) })}</p>;
    case 'data_issues':
      return (
        <>
          <p>{t('shop.todo.data_issues.text', { count: todo.count })}</p>
          <ul className="todo-kinds">
            {todo.byKind.map((k) => (
              <li key={k.kind}>{t('shop.todo.data_issues.kind', { kind: kindLabel(k.kind, t), count: k.count })}</li>
            ))}
          </ul>
        </>
      );
    case 'sales_not_uploaded':
      return <p>{t('shop.todo.sales_not_uploaded.text', { day: todo.day })}</p>;
    case 'stock_count_due':
      return <p>{todo.ageDays === null ? t('shop.todo.stock_count_due.never') : t('shop.todo.stock_count_due.old', { count: todo.ageDays, day: todo.lastCountDay })}</p>;
    case 'survey':
      return <p>{t('shop.todo.survey.text')}</p>;
    case 'answers_unread':
      return <p>{t('questions.todo.text', { count: todo.count })}</p>;
  }
}

type T = TFunction<'common'>;

const BUTTONS = {
  order_not_submitted: 'shop.todo.order_not_submitted.button',
  order_changed: 'shop.todo.order_changed.button',
  deposit_short: 'shop.todo.deposit_short.button',
  allocation_to_check: 'shop.todo.allocation_to_check.button',
  delivery_to_confirm: 'shop.todo.delivery_to_confirm.button',
  notice_to_acknowledge: 'notices.todo.button',
  data_issues: 'shop.todo.data_issues.button',
  sales_not_uploaded: 'shop.todo.sales_not_uploaded.button',
  stock_count_due: 'shop.todo.stock_count_due.button',
  survey: 'shop.todo.survey.button',
  answers_unread: 'questions.todo.button',
} as const;

function buttonLabel(todo: Todo, t: T): string {
  if (todo.kind === 'order_not_submitted' && todo.hasDraft) return t('shop.todo.order_not_submitted.draftButton');
  return t(BUTTONS[todo.kind]);
}

/** A data issue's kind in words (a kind the checks add later reads as its code until it has words). */
function kindLabel(kind: string, t: T): string {
  return (QUALITY_KINDS as readonly string[]).includes(kind) ? t(`quality.kind.${kind as (typeof QUALITY_KINDS)[number]}`) : kind;
}

const QUALITY_KINDS = ['stock_discrepancy', 'negative_stock', 'sales_never_received', 'looks_times_ten', 'outlier_day', 'unknown_barcode', 'delivery_mismatch'] as const;

export function TodoList({ todos }: { todos: readonly Todo[] }) {
  const { t } = useTranslation();
  if (!todos.length) return <p className="todo-none form-ok">{t('shop.todo.none')}</p>;
  return (
    <ol className="todo-list">
      {todos.map((todo) => (
        <li key={todoKey(todo)} className={`todo-item ${todo.urgency}`} data-kind={todo.kind}>
          <div className="todo-body">
            <div className="todo-head">
              <span className={`badge ${todo.urgency === 'now' ? 'bad' : todo.urgency === 'soon' ? 'warn' : ''}`}>{t(`shop.todo.urgency.${todo.urgency}`)}</span>
              {todo.dueAt ? <span className="muted">{t('shop.todo.due', { time: formatDateTime(todo.dueAt) })}</span> : null}
            </div>
            <TodoText todo={todo} />
          </div>
          <Link className="button" to={targetOf(todo)}>
            {buttonLabel(todo, t)}
          </Link>
        </li>
      ))}
    </ol>
  );
}
