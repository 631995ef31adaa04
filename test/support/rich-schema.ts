/** PostgreSQL objects a faithful dump must carry: the metadata the old app-level plugin lost. */
export const PG_RICH_SCHEMA = `
create type mood as enum ('sad', 'ok', 'happy');
create schema reporting;
create sequence invoice_no start 1000 increment 7;
create table customers (
  id bigserial primary key,
  email text not null,
  name text default 'anonymous',
  created_at timestamptz not null default now(),
  mood mood default 'ok',
  tags text[] default '{}',
  meta jsonb default '{"tier": 1}'::jsonb,
  invoice bigint default nextval('invoice_no')
);
comment on table customers is 'people who pay';
comment on column customers.email is 'login, unique';
create unique index customers_email_lower on customers (lower(email));
create index customers_recent on customers (created_at) where mood = 'happy';
create table orders (id serial primary key, customer_id bigint references customers(id) on delete cascade, total numeric(12,2) check (total >= 0), note text);
create table reporting.daily (day date primary key, revenue numeric);
create view big_orders as select o.id, c.email, o.total from orders o join customers c on c.id = o.customer_id where o.total > 100;
create function revenue_of(cid bigint) returns numeric language sql stable as $$ select coalesce(sum(total), 0) from public.orders where customer_id = cid $$;
create materialized view customer_revenue as select id, public.revenue_of(id) as revenue from public.customers;
create procedure bump_totals(pct numeric) language plpgsql as $$ begin update orders set total = total * (1 + pct / 100); end $$;
create function touch_note() returns trigger language plpgsql as $$ begin new.note := coalesce(new.note, 'auto'); return new; end $$;
create trigger orders_note before insert on orders for each row execute function touch_note();
insert into customers (email, mood, tags) select 'user' || g || '@example.com', (array['sad','ok','happy'])[1 + g % 3]::mood, array['t' || g] from generate_series(1, 300) g;
insert into orders (customer_id, total) select 1 + g % 300, (g * 13 % 500)::numeric from generate_series(1, 2000) g;
insert into reporting.daily values ('2026-01-01', 10.5), ('2026-01-02', 20);
select setval('invoice_no', 5000);
refresh materialized view customer_revenue;
select lo_from_bytea(0, 'large object bytes');
`;

/** MariaDB objects a faithful dump must carry: routines, triggers, events, views. */
export const MARIA_RICH_SCHEMA = `
create table customers (id int auto_increment primary key, email varchar(190) not null, name varchar(100) default 'anonymous', created_at datetime not null default current_timestamp, unique key email_u (email), key name_i (name(10)));
create table orders (id int auto_increment primary key, customer_id int, total decimal(12,2) default 0, note varchar(100), constraint fk_c foreign key (customer_id) references customers(id) on delete cascade) comment 'orders table';
create view big_orders as select o.id, c.email, o.total from orders o join customers c on c.id = o.customer_id where o.total > 100;
create function revenue_of(cid int) returns decimal(12,2) reads sql data return (select coalesce(sum(total), 0) from orders where customer_id = cid);
create procedure bump_totals(pct decimal(5,2)) begin update orders set total = total * (1 + pct / 100); end;
create trigger orders_note before insert on orders for each row set new.note = coalesce(new.note, 'auto');
create event nightly on schedule every 1 day starts '2030-01-01 00:00:00' do delete from orders where total < 0;
insert into customers (email) select concat('user', seq, '@example.com') from seq_1_to_300;
insert into orders (customer_id, total) select 1 + seq % 300, seq * 13 % 500 from seq_1_to_2000;
`;
