using Distrikt.Features.Gatherings;

namespace Distrikt.Tests.Features.Gatherings.Allocation;

/// <summary>The script applicants download to re-run a draw is the one the specification prints, character for character.</summary>
public sealed class RedrawScriptTests
{
    [Fact]
    public void The_downloadable_script_is_the_one_in_the_specification()
    {
        var script = System.Text.Encoding.UTF8.GetString(DrawModel.RedrawScript());
        Assert.StartsWith("# Re-runs a Distrikt allocation", script);
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "lottery.md")).ReplaceLineEndings("\n");
        Assert.Contains("```python\n" + script.ReplaceLineEndings("\n") + "```", doc);
    }
}
