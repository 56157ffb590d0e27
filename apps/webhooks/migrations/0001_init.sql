-- The durable record of the webhook service: endpoints, messages, deliveries,
-- attempts, and the outbox that hands due deliveries to the queue.
-- Times are epoch milliseconds (bigint), as in the domain.

create table endpoints (
  id text collate "C" primary key,
  tenant_id text not null,
  url text not null,
  description text not null,
  event_types text[],
  secret text not null,
  previous_secrets jsonb not null default '[]',
  disabled boolean not null default false,
  disabled_reason text,
  rate_limit_per_second double precision,
  metadata jsonb not null default '{}',
  failing_since bigint,
  created_at bigint not null,
  updated_at bigint not null
);
-- list (newest first, cursor on created_at, id) and the fan-out scan of a tenant.
create index endpoints_tenant_created on endpoints (tenant_id, created_at desc, id desc);

create table messages (
  id text collate "C" primary key,
  tenant_id text not null,
  event_type text not null,
  body text not null,
  idempotency_key text,
  created_at bigint not null
);
create unique index messages_tenant_idempotency on messages (tenant_id, idempotency_key) where idempotency_key is not null;
create index messages_tenant_created on messages (tenant_id, created_at desc, id desc);
create index messages_tenant_type_created on messages (tenant_id, event_type, created_at desc, id desc);

create table deliveries (
  id text collate "C" primary key,
  tenant_id text not null,
  message_id text not null,
  endpoint_id text not null,
  event_type text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null,
  round_attempts integer not null,
  seq integer not null,
  next_attempt_at bigint,
  last_attempt_at bigint,
  failure_reason text,
  created_at bigint not null,
  updated_at bigint not null
);
create index deliveries_tenant_message on deliveries (tenant_id, message_id, created_at, id);
-- The dead-letter list pages by failure time (updated_at), newest first, per tenant and per endpoint.
create index deliveries_failed on deliveries (tenant_id, updated_at desc, id desc) where status = 'failed';
create index deliveries_failed_endpoint on deliveries (tenant_id, endpoint_id, updated_at desc, id desc) where status = 'failed';
-- The sweep for pending deliveries whose job went missing.
create index deliveries_pending_due on deliveries (next_attempt_at) where status = 'pending';

create table attempts (
  id text collate "C" primary key,
  tenant_id text not null,
  delivery_id text not null,
  message_id text not null,
  endpoint_id text not null,
  url text not null,
  at bigint not null,
  duration_ms integer not null,
  succeeded boolean not null,
  status_code integer,
  error text,
  response_snippet text
);
create index attempts_tenant_message on attempts (tenant_id, message_id, at desc, id desc);

-- One row per (delivery, seq) that must reach the queue. Written in the same
-- transaction as the delivery it schedules; the relay deletes a row once the
-- queue has accepted its job.
create table outbox (
  id bigint generated always as identity primary key,
  tenant_id text not null,
  delivery_id text not null,
  seq integer not null,
  due_at bigint not null,
  carrier jsonb not null default '{}',
  created_at bigint not null,
  unique (delivery_id, seq)
);
