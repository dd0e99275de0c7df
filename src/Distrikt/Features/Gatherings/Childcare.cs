namespace Distrikt.Features.Gatherings;

/// <summary>Childcare planned per session: children in age bands and the childminders that needs at the gathering's ratio.</summary>
public static class Childcare
{
    public static readonly (int From, int To, string Label)[] Bands = [(0, 2, "0–2 år"), (3, 5, "3–5 år"), (6, 9, "6–9 år"), (10, 17, "10–17 år")];

    public sealed record SessionPlan(GatheringSession Session, int[] PerBand, int Children, int Minders, bool OverPlaces);

    /// <summary>
    /// Counts the children of confirmed registrations attending each session. Childminders: one per
    /// <see cref="Gathering.ChildrenPerMinder"/> children, rounded up, and at least two whenever there are children, so
    /// no one minds children alone.
    /// </summary>
    public static IReadOnlyList<SessionPlan> Plan(Gathering g, IEnumerable<Registration> registrations)
    {
        var confirmed = registrations.Where(r => r.Status == RegistrationStatus.Confirmed).ToList();
        return g.Sessions.OrderBy(s => s.Order).Select(s =>
        {
            var ages = confirmed.Where(r => r.Sessions.Count == 0 || r.Sessions.Any(x => x.SessionId == s.Id)).SelectMany(r => r.Children).Select(c => c.Age).ToList();
            var perBand = Bands.Select(b => ages.Count(a => a >= b.From && a <= b.To)).ToArray();
            var minders = ages.Count == 0 ? 0 : Math.Max(2, (ages.Count + g.ChildrenPerMinder - 1) / g.ChildrenPerMinder);
            return new SessionPlan(s, perBand, ages.Count, minders, g.ChildcarePlaces is { } places && ages.Count > places);
        }).ToList();
    }
}
