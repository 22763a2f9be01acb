/**
 * Who may see which retailers, as a condition inside the query itself (never a filter applied afterwards):
 * a retailer reaches only its own rows, a manager only its route's retailers, staff every retailer.
 * Use it on any column that holds a retailer id:
 *   db.selectFrom('orders').where(retailerInScope(user, 'orders.retailerId'))
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema';
import type { SessionUser } from './session.server';

export type ScopeUser = Pick<SessionUser, 'userId' | 'role'>;

export function retailerInScope(user: ScopeUser, retailerIdColumn: string) {
  // The column name is chosen by our code, never by a request; the cast only widens Kysely's column typing.
  return <DB extends Database, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const e = eb as unknown as ExpressionBuilder<Database, 'retailers'>;
    const column = e.ref(retailerIdColumn as 'retailers.id');
    switch (user.role) {
      case 'staff':
        return sql<SqlBool>`1 = 1`;
      case 'retailer':
        return e(column, 'in', e.selectFrom('retailers as scope_r').select('scope_r.id').where('scope_r.userId', '=', user.userId));
      case 'manager':
        return e(
          column,
          'in',
          e
            .selectFrom('retailers as scope_r')
            .innerJoin('accountManagers as scope_m', 'scope_m.id', 'scope_r.managerId')
            .select('scope_r.id')
            .where('scope_m.userId', '=', user.userId),
        );
      default: {
        // A role we do not know sees nothing.
        return sql<SqlBool>`1 = 0`;
      }
    }
  };
}

/** Whether a retailer id from a request is one this user may act for (the check is the query itself). */
export async function retailerIsInScope(db: import('./db.server').DB, user: ScopeUser, retailerId: number): Promise<boolean> {
  if (!Number.isSafeInteger(retailerId)) return false;
  const row = await db.selectFrom('retailers').select('id').where('id', '=', retailerId).where(retailerInScope(user, 'retailers.id')).executeTakeFirst();
  return row !== undefined;
}
