using Distrikt.Features.Accounts;
using Distrikt.Infrastructure.Audit;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Infrastructure.Database;

/// <summary>
/// The one database of the app. Roles are not Identity roles: what a person may do follows from their
/// assignments, so only the user part of Identity is used. Entity configuration lives beside each entity
/// in its feature folder and is picked up here.
/// </summary>
public abstract class DistriktDb(DbContextOptions options) : IdentityUserContext<User, Guid, IdentityUserClaim<Guid>, IdentityUserLogin<Guid>, IdentityUserToken<Guid>, IdentityUserPasskey<Guid>>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            // SQLite has no date type; as a number (UTC ticks) a moment can be compared and sorted in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DistriktDb).Assembly);
        SwedishCollation.Apply(modelBuilder, Provider);
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The embedded default. Its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteDistriktDb(DbContextOptions<SqliteDistriktDb> options) : DistriktDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>The production database. Its migrations live in Migrations/Postgres.</summary>
public sealed class PostgresDistriktDb(DbContextOptions<PostgresDistriktDb> options) : DistriktDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
