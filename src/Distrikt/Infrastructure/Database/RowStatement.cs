using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Distrikt.Infrastructure.Database;

/// <summary>
/// One SQL statement, prepared once and run for many rows (or once, with parameters typed as the model types them).
/// Each parameter takes the type mapping of a model property, so a value is written or compared exactly as EF would
/// write it — a Guid as upper-case text on SQLite and as uuid on PostgreSQL, a date as ÅÅÅÅ-MM-DD on SQLite.
/// </summary>
/// <remarks>
/// The register import writes a thousand changed members this way in milliseconds; through change tracking the
/// same updates cost most of a second. The SQL uses quoted column names, which both databases read.
/// </remarks>
public sealed class RowStatement : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly ValueConverter?[] _converters;
    private readonly DistriktDb _db;
    private readonly bool _opened;

    private RowStatement(DbCommand command, ValueConverter?[] converters, DistriktDb db, bool opened)
    {
        _command = command;
        _converters = converters;
        _db = db;
        _opened = opened;
    }

    /// <summary>A parameter named <paramref name="Name"/> (written @Name in the SQL) typed as <typeparamref name="TEntity"/>'s property.</summary>
    public static (string Name, IProperty Property) Parameter<TEntity>(DistriktDb db, string name, string property) =>
        (name, (db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model."))
            .FindProperty(property) ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{property} is not in the model."));

    /// <summary>Prepares the statement on the context's connection, inside its current transaction if there is one.</summary>
    public static async Task<RowStatement> PrepareAsync(DistriktDb db, string sql, IReadOnlyList<(string Name, IProperty Property)> parameters, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        var converters = new ValueConverter?[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var mapping = parameters[i].Property.GetRelationalTypeMapping();
            command.Parameters.Add(mapping.CreateParameter(command, "@" + parameters[i].Name, null, nullable: true));
            converters[i] = mapping.Converter;
        }
        await command.PrepareAsync(ct);
        return new RowStatement(command, converters, db, opened);
    }

    private void Bind(object?[] values)
    {
        if (values.Length != _converters.Length) throw new ArgumentException($"The statement takes {_converters.Length} values, not {values.Length}.");
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            _command.Parameters[i].Value = value is null ? DBNull.Value : _converters[i]?.ConvertToProvider(value) ?? value;
        }
    }

    private const int BatchSize = 200;
    private Npgsql.NpgsqlBatch? _batch;

    /// <summary>
    /// Runs the statement with the values in the order the parameters were given. On PostgreSQL the rows are sent
    /// 200 to a round trip (a batch), the last ones when the statement is disposed or read from; so an error may
    /// surface a few rows later than the row that caused it, still inside the caller's transaction.
    /// </summary>
    public async Task ExecuteAsync(CancellationToken ct, params object?[] values)
    {
        Bind(values);
        if (_command is Npgsql.NpgsqlCommand pg)
        {
            _batch ??= new Npgsql.NpgsqlBatch(pg.Connection, pg.Transaction);
            var row = new Npgsql.NpgsqlBatchCommand(pg.CommandText);
            foreach (Npgsql.NpgsqlParameter parameter in pg.Parameters) row.Parameters.Add(parameter.Clone());
            _batch.BatchCommands.Add(row);
            if (_batch.BatchCommands.Count >= BatchSize) await FlushAsync(ct);
            return;
        }
        // SQLite runs in-process and its async methods complete synchronously anyway, at the cost of a task per row.
        _command.ExecuteNonQuery();
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_batch is null) return;
        var batch = _batch;
        _batch = null;
        await using (batch) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs a query with the values bound and hands each row to <paramref name="read"/>.</summary>
    public async Task ReadAsync(Action<DbDataReader> read, CancellationToken ct, params object?[] values)
    {
        await FlushAsync(ct);
        Bind(values);
        await using var reader = await _command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) read(reader);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        finally
        {
            await _command.DisposeAsync();
            if (_opened) await _db.Database.CloseConnectionAsync();
        }
    }
}
