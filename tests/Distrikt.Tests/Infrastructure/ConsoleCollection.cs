namespace Distrikt.Tests.Infrastructure;

/// <summary>Tests that capture Console output run one at a time: the console is one per process.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
