namespace Distrikt.Tests.Infrastructure;

/// <summary>
/// Which database the integration tests run on. ./test.sh runs the suite once per provider:
/// DISTRIKT_TEST_DB=sqlite (default) or DISTRIKT_TEST_DB=postgres with DISTRIKT_TEST_PG set to a
/// connection string for a throw-away server; each factory gets a database of its own there.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable("DISTRIKT_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static string PostgresServer => Environment.GetEnvironmentVariable("DISTRIKT_TEST_PG")
        ?? throw new InvalidOperationException("DISTRIKT_TEST_PG saknas: starta testerna med ./test.sh.");

    public static string NewPostgresDatabase()
    {
        var name = "distrikt_test_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer) { Database = name };
        return builder.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="NewPostgresDatabase"/>, closing any connections still open to it.</summary>
    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new Npgsql.NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
