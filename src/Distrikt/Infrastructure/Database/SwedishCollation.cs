using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using System.Data.Common;

namespace Distrikt.Infrastructure.Database;

/// <summary>
/// Swedish sorting (Å, Ä, Ö after Z) done by the database, so that a sorted page of 100,000 people is read
/// from an index rather than sorted in memory. PostgreSQL uses an ICU collation; SQLite gets the same
/// comparison from .NET's ICU, registered on every connection.
/// </summary>
public static class SwedishCollation
{
    public const string SqliteName = "SWEDISH";
    public const string PostgresName = "swedish";
    private const string Marker = "Distrikt:SwedishCollation";

    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>For lists sorted in memory: the same order as the database gives.</summary>
    public static readonly StringComparer Comparer = StringComparer.Create(Culture, CompareOptions.None);

    public static PropertyBuilder<string> UseSwedishCollation(this PropertyBuilder<string> property) =>
        property.HasAnnotation(Marker, true);

    internal static void Apply(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            modelBuilder.HasCollation(PostgresName, locale: "sv-SE", provider: "icu", deterministic: true);
        }
        var name = provider == DatabaseProvider.Postgres ? PostgresName : SqliteName;
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => p.FindAnnotation(Marker) is not null))
            {
                property.SetCollation(name);
            }
        }
    }

    internal static void Register(SqliteConnection connection) =>
        connection.CreateCollation(SqliteName, (x, y) => Comparer.Compare(x, y));
}

/// <summary>Prepares each SQLite connection: the Swedish collation, and a wait instead of an error when another writer holds the lock.</summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Prepare(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Prepare(connection);
        return Task.CompletedTask;
    }

    private static void Prepare(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite) return;
        SwedishCollation.Register(sqlite);
        using var command = sqlite.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }
}
