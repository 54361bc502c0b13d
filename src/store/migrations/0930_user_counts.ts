/**
 * 0930: each project's number of database users, kept by triggers in the same transaction as every
 * insert and delete of a user, so Atlas's counted user list (`includeCount=true`, the default) and
 * the per-project user limit read one row instead of counting every user (a `COUNT(*)` of 100,000
 * users cost PostgreSQL about 20 ms per request, docs/benchmarks.md). Triggers rather than code, so
 * no path that adds or removes users (a project's deletion cascading to its users included) can
 * leave the count behind. PostgreSQL counts per statement from the transition tables; SQLite has
 * only row triggers.
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from "kysely";

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const POSTGRES_TRIGGERS = [
  sql`create function database_user_counts_add() returns trigger language plpgsql as $$
    begin
      insert into database_user_counts (project_id, user_count)
        select project_id, count(*) from added_users group by project_id
      on conflict (project_id) do update set user_count = database_user_counts.user_count + excluded.user_count;
      return null;
    end $$`,
  sql`create function database_user_counts_remove() returns trigger language plpgsql as $$
    begin
      update database_user_counts c set user_count = c.user_count - r.n
        from (select project_id, count(*) as n from removed_users group by project_id) r
        where c.project_id = r.project_id;
      return null;
    end $$`,
  sql`create trigger database_users_counted_insert after insert on database_users
    referencing new table as added_users for each statement execute function database_user_counts_add()`,
  sql`create trigger database_users_counted_delete after delete on database_users
    referencing old table as removed_users for each statement execute function database_user_counts_remove()`,
];

const SQLITE_TRIGGERS = [
  sql`create trigger database_users_counted_insert after insert on database_users begin
    insert into database_user_counts (project_id, user_count) values (new.project_id, 1)
      on conflict (project_id) do update set user_count = user_count + 1;
  end`,
  sql`create trigger database_users_counted_delete after delete on database_users begin
    update database_user_counts set user_count = user_count - 1 where project_id = old.project_id;
  end`,
];

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("database_user_counts")
    .addColumn("project_id", "text", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("user_count", "integer", (c) => c.notNull())
    .execute();
  await sql`insert into database_user_counts (project_id, user_count) select project_id, count(*) from database_users group by project_id`.execute(db);
  // Users do not move between projects (no statement updates project_id), so inserts and deletes are all there is to count.
  for (const statement of isPostgres(db) ? POSTGRES_TRIGGERS : SQLITE_TRIGGERS) await statement.execute(db);
}

async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger database_users_counted_insert${isPostgres(db) ? sql` on database_users` : sql``}`.execute(db);
  await sql`drop trigger database_users_counted_delete${isPostgres(db) ? sql` on database_users` : sql``}`.execute(db);
  if (isPostgres(db)) {
    await sql`drop function database_user_counts_add()`.execute(db);
    await sql`drop function database_user_counts_remove()`.execute(db);
  }
  await db.schema.dropTable("database_user_counts").execute();
}

/** Each project's number of database users, kept by triggers. */
export const migration0930UserCounts: Migration = { up, down };
