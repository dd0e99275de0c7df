using Distrikt.Infrastructure.Database;
using Distrikt.Features.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Accounts;

/// <summary>A sign-in account. Who the account is, and so what it may do, comes from its <see cref="Person"/>.</summary>
public sealed class User : IdentityUser<Guid>
{
    public Guid? PersonId { get; set; }
    public Person? Person { get; set; }
    /// <summary>Demo accounts exist only in a demo database; they may skip the second factor, and a banner says so.</summary>
    public bool IsDemo { get; set; }
}

/// <summary>
/// A one-time sign-in link sent by e-mail. Only a hash of the token is stored, so a database leak does not
/// hand out sign-ins; a link works once and for a short time.
/// </summary>
public sealed class SignInLink
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

public sealed class SignInLinkConfiguration : IEntityTypeConfiguration<SignInLink>
{
    public void Configure(EntityTypeBuilder<SignInLink> b)
    {
        b.ToTable("sign_in_links");
        b.Property(l => l.TokenHash).HasMaxLength(64);
        b.HasIndex(l => l.TokenHash).IsUnique();
        b.HasIndex(l => l.UserId);
    }
}

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.HasOne(u => u.Person).WithMany().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(u => u.PersonId).IsUnique();
    }
}
