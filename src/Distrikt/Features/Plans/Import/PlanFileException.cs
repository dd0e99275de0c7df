namespace Distrikt.Features.Plans.Import;

/// <summary>Why a plan file was refused, in Swedish for the person who uploaded it.</summary>
public sealed class PlanFileException(string message) : Exception(message);
