"""The PostgreSQL text of what cannot be translated from SQLite: the entity-day triggers (m013), and the schema
dump the pinning test compares."""

from __future__ import annotations

from typing import Any


def mark_days(days: str) -> str:
    """Mark the days a query yields dirty (entity_days.dirty_days recomputes them)."""
    return (f"INSERT INTO entity_day_dirty (day) SELECT DISTINCT d FROM ({days}) AS days "
            "WHERE d IS NOT NULL ON CONFLICT DO NOTHING;")


_BY_ARTICLE = "SELECT substr(published, 1, 10) AS d FROM articles WHERE id = {ref}.article_id"


def _function(name: str, body: str) -> str:
    return (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}\n"
            "    RETURN NULL;\nEND $$;\n")


def _article_triggers(name: str, table: str, update: str) -> str:
    """As migrations._article_triggers: mark the day of the article a row of ``table`` belongs to."""
    return "".join(f"CREATE TRIGGER entity_days_{name}_{suffix} AFTER {event} ON {table} FOR EACH ROW "
                   "EXECUTE FUNCTION entity_days_by_article();\n"
                   for suffix, event in (("in", "INSERT"), ("out", "DELETE"), ("up", update)))


def _trigger(name: str, event: str, table: str, body: str) -> str:
    return (_function(f"entity_days_{name}", body)
            + f"CREATE TRIGGER entity_days_{name} AFTER {event} ON {table} FOR EACH ROW "
              f"EXECUTE FUNCTION entity_days_{name}();\n")


ENTITY_DAYS_TRIGGERS_PG = (
    _function("entity_days_by_article",
              f"    IF TG_OP <> 'INSERT' THEN {mark_days(_BY_ARTICLE.format(ref='OLD'))} END IF;\n"
              f"    IF TG_OP <> 'DELETE' THEN {mark_days(_BY_ARTICLE.format(ref='NEW'))} END IF;")
    + _article_triggers("mention", "mentions", "UPDATE OF article_id, entity_id, field")
    + _article_triggers("sentiment", "entity_sentiment", "UPDATE")
    + _article_triggers("novelty", "article_novelty", "UPDATE")
    + _trigger("article_up", "UPDATE OF published, source, feed_id, duplicate_of", "articles",
               mark_days("SELECT substr(OLD.published, 1, 10) AS d UNION SELECT substr(NEW.published, 1, 10)"))
    + _trigger("article_out", "DELETE", "articles", mark_days("SELECT substr(OLD.published, 1, 10) AS d"))
    + _trigger("feed_up", "UPDATE OF name", "feeds",
               mark_days("SELECT substr(published, 1, 10) AS d FROM articles "
                         "WHERE feed_id = NEW.id AND source IS NULL"))
    + _trigger("entity_up", "UPDATE OF name", "entities",
               mark_days("SELECT substr(a.published, 1, 10) AS d FROM mentions m "
                         "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = NEW.id"))
)


_SCHEMA_QUERIES = (
    # tables: columns in order, with type, nullability and default
    """SELECT 'TABLE ' || c.relname || ' (' || string_agg(quote_ident(a.attname) || ' '
              || format_type(a.atttypid, a.atttypmod)
              || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
              || COALESCE(CASE WHEN a.attgenerated <> '' THEN ' GENERATED ' ELSE ' DEFAULT ' END
                          || pg_get_expr(d.adbin, d.adrelid), '')
              || CASE WHEN a.attidentity <> '' THEN ' IDENTITY' ELSE '' END, ', ' ORDER BY a.attnum) || ')'
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
       WHERE n.nspname = current_schema() AND c.relkind = 'r' GROUP BY c.relname""",
    """SELECT 'CONSTRAINT ' || t.relname || ' ' || pg_get_constraintdef(k.oid)
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = current_schema()""",
    """SELECT regexp_replace(indexdef, ' ON \\S+\\.', ' ON ') FROM pg_indexes
       WHERE schemaname = current_schema() AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'""",
    """SELECT 'TRIGGER ' || tgname || ' ON ' || tgrelid::regclass::text || ' ' || regexp_replace(
              pg_get_triggerdef(t.oid), '^.* (AFTER|BEFORE) (.*) ON .*$', '\\1 \\2')
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE NOT t.tgisinternal AND n.nspname = current_schema()""",
)


def pg_schema_sql(db: Any) -> str:
    """The PostgreSQL schema as sorted lines (tables, constraints, indexes, triggers), for the pinning test."""
    lines = [row[0] for sql in _SCHEMA_QUERIES for row in db.raw(sql).fetchall()]
    return "\n".join(sorted(lines)) + "\n"
