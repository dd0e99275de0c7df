using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Distrikt.Infrastructure.Database;

/// <summary>
/// Inserts many new rows of one entity type inside the caller's transaction, far faster than change tracking:
/// binary COPY on PostgreSQL, one prepared INSERT reused per row on SQLite (see <see cref="SqliteRows"/>). Columns, names and value
/// conversions come from the EF model, so the rows are exactly what <c>SaveChanges</c> would have written.
/// </summary>
/// <remarks>A register import of a whole district adds 100,000 people and as many memberships at once.</remarks>
public static class BulkInsert
{
    /// <param name="rebuildIndexes">
    /// Drop the table's secondary indexes (all but the primary key and unique ones), and on PostgreSQL its foreign keys,
    /// before the insert and create them again after, inside the same transaction. Keeping an index up to date row by row — a trigram index, or names
    /// compared by the Swedish collation — costs more than building it once from sorted keys when the new rows are
    /// most of the table. The table is locked for the transaction, so only for loads that size.
    /// </param>
    public static async Task InsertAsync<T>(DistriktDb db, IReadOnlyCollection<T> rows, CancellationToken ct = default, bool rebuildIndexes = false) where T : class
    {
        if (rows.Count == 0) return;
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("BulkInsert runs inside the caller's transaction.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => p.GetComputedColumnSql(store) is null && p.PropertyInfo is not null)
            .Select(p => new Column(p, p.GetColumnName(store)!, p.GetRelationalTypeMapping()))
            .ToList();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction.GetDbTransaction();
        var rebuild = rebuildIndexes ? await DropSecondaryIndexesAsync(connection, transaction, table, ct) : [];

        if (connection is NpgsqlConnection pg)
        {
            var columnList = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
            var types = columns.Select(c => c.NpgsqlType).ToArray();
            await using (var importer = await pg.BeginBinaryImportAsync($"COPY \"{table}\" ({columnList}) FROM STDIN (FORMAT BINARY)", ct))
            {
                // Written synchronously value by value: the importer buffers and only flushes now and then, and an
                // await per value costs more than the copy itself.
                foreach (var row in rows)
                {
                    importer.StartRow();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var value = columns[i].ProviderValue(row);
                        if (value is null) importer.WriteNull();
                        else if (types[i] is { } type) importer.Write(value, type);
                        else importer.Write(value, columns[i].PostgresType);
                    }
                }
                await importer.CompleteAsync(ct);
            }
            await RecreateAsync(connection, transaction, rebuild, ct);
            return;
        }

        SqliteRows.Insert((SqliteConnection)connection, table, columns.Select(c => (c.Name, c.ProviderType, (Func<object, object?>)c.ProviderValue)).ToList(), rows);
        await RecreateAsync(connection, transaction, rebuild, ct);
    }

    /// <summary>
    /// Drops the non-unique indexes of a table — and on PostgreSQL its foreign keys — and returns the statements that
    /// create them again. PostgreSQL checks a foreign key row by row during a copy (a lookup per row); adding the
    /// constraint back checks all rows in one join, as pg_restore does. The rows are checked either way.
    /// </summary>
    private static async Task<List<string>> DropSecondaryIndexesAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken ct)
    {
        var postgres = connection is NpgsqlConnection;
        var found = new List<(string Drop, string Create)>();
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = postgres
                ? """
                  SELECT 'DROP INDEX ' || quote_ident(indexname), indexdef FROM pg_indexes
                   WHERE schemaname = current_schema() AND tablename = @table AND indexdef NOT LIKE 'CREATE UNIQUE %'
                  UNION ALL
                  SELECT 'ALTER TABLE ' || quote_ident(@table) || ' DROP CONSTRAINT ' || quote_ident(conname),
                         'ALTER TABLE ' || quote_ident(@table) || ' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
                    FROM pg_constraint WHERE conrelid = to_regclass(quote_ident(@table)) AND contype = 'f'
                  """
                : "SELECT 'DROP INDEX \"' || replace(name, '\"', '\"\"') || '\"', sql FROM sqlite_master WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'";
            var parameter = find.CreateParameter();
            parameter.ParameterName = "@table";
            parameter.Value = table;
            find.Parameters.Add(parameter);
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) found.Add((reader.GetString(0), reader.GetString(1)));
        }
        var statements = found.Select(f => f.Drop).ToList();
        // Building an index sorts its keys; more memory for that sort than the default keeps it in memory.
        if (postgres) statements.Insert(0, "SET LOCAL maintenance_work_mem = '256MB'");
        foreach (var statement in statements)
        {
            await using var drop = connection.CreateCommand();
            drop.Transaction = transaction;
            drop.CommandText = statement;
            await drop.ExecuteNonQueryAsync(ct);
        }
        return found.Select(f => f.Create).ToList();
    }

    private static async Task RecreateAsync(DbConnection connection, DbTransaction transaction, List<string> definitions, CancellationToken ct)
    {
        foreach (var definition in definitions)
        {
            await using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = definition;
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping)
    {
        /// <summary>The PostgreSQL type name without length or precision ("character varying(100)" → "character varying").</summary>
        public string PostgresType { get; } = Mapping.StoreType.Split('(')[0].Trim();

        /// <summary>The Npgsql type for the common store types, so the importer need not look the name up per value.</summary>
        public NpgsqlTypes.NpgsqlDbType? NpgsqlType { get; } = Mapping.StoreType.Split('(')[0].Trim() switch
        {
            "uuid" => NpgsqlTypes.NpgsqlDbType.Uuid,
            "text" => NpgsqlTypes.NpgsqlDbType.Text,
            "character varying" => NpgsqlTypes.NpgsqlDbType.Varchar,
            "date" => NpgsqlTypes.NpgsqlDbType.Date,
            "timestamp with time zone" => NpgsqlTypes.NpgsqlDbType.TimestampTz,
            "integer" => NpgsqlTypes.NpgsqlDbType.Integer,
            "bigint" => NpgsqlTypes.NpgsqlDbType.Bigint,
            "boolean" => NpgsqlTypes.NpgsqlDbType.Boolean,
            _ => null,
        };

        /// <summary>The type the database receives: the converter's provider type, else the property's own.</summary>
        public Type ProviderType { get; } = Nullable.GetUnderlyingType(Mapping.Converter?.ProviderClrType ?? Mapping.ClrType) ?? Mapping.Converter?.ProviderClrType ?? Mapping.ClrType;

        private readonly Func<object, object?> _get = CompileGetter(Property.PropertyInfo!);

        private static Func<object, object?> CompileGetter(System.Reflection.PropertyInfo property)
        {
            var instance = System.Linq.Expressions.Expression.Parameter(typeof(object));
            var body = System.Linq.Expressions.Expression.Convert(
                System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(instance, property.DeclaringType!), property), typeof(object));
            return System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(body, instance).Compile();
        }

        public object? ProviderValue(object row)
        {
            var value = _get(row);
            if (value is null) return null;
            var converter = Mapping.Converter;
            return converter is null ? value : converter.ConvertToProvider(value);
        }
    }
}
