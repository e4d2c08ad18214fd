-- Makes FerretDB 1.24's indexes usable by its queries. FerretDB turns every equality it pushes down
-- ({_id: …} included) into `_jsonb->'f' @> value`, an operator the btree indexes it creates cannot
-- serve: a point read, and every update (FerretDB reads a document before writing it), scans the
-- whole table. So each index FerretDB creates gets a GIN twin on the same expression, which serves
-- `@>`; and custom plans keep PostgreSQL from caching a generic plan (the field name is a bind
-- parameter there) that no index matches. A read or an update by _id, or an equality on an indexed
-- field, then costs what it matches, not what the collection holds (docs/read-models.md has the
-- figures). Installed by the local stack into FerretDB's backend database; MongoDB needs none of it.

alter database ferretdb set plan_cache_mode = force_custom_plan;

create or replace function pk_gin_twin(index_oid oid) returns void language plpgsql as $$
declare
  def record;
begin
  select i.indexrelid::regclass as index_name, c.relname as index_relname, i.indrelid::regclass as tbl, i.indnatts as columns
    into def
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
   where i.indexrelid = index_oid and am.amname = 'btree'
     and exists (select 1 from pg_attribute a where a.attrelid = i.indrelid and a.attname = '_jsonb');
  if not found then return; end if;
  for k in 1 .. def.columns loop
    execute format('create index if not exists %I on %s using gin ((%s) jsonb_path_ops)',
                   left(def.index_relname, 55) || '_gin' || k, def.tbl, pg_get_indexdef(index_oid, k, true));
  end loop;
end $$;

create or replace function pk_gin_twins() returns event_trigger language plpgsql as $$
declare
  created record;
begin
  for created in select objid from pg_event_trigger_ddl_commands() where command_tag = 'CREATE INDEX' loop
    perform pk_gin_twin(created.objid);
  end loop;
end $$;

drop event trigger if exists pk_gin_twins;
create event trigger pk_gin_twins on ddl_command_end when tag in ('CREATE INDEX')
  execute function pk_gin_twins();

-- indexes that existed before the trigger (a stack started by an older checkout)
select pk_gin_twin(i.indexrelid)
  from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
 where n.nspname not in ('pg_catalog', 'information_schema');
