using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace Distrikt.Infrastructure.Web;

/// <summary>Markdown written by users (descriptions, arbetsordningar) rendered to HTML that cannot run script.</summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("http");
        s.AllowedSchemes.Add("mailto");
        s.AllowedAttributes.Remove("style");
        s.AllowedAttributes.Remove("class");
        s.AllowedCssProperties.Clear();
        return s;
    }

    public static IHtmlContent ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return HtmlString.Empty;
        var html = Markdig.Markdown.ToHtml(markdown, Pipeline);
        return new HtmlString(Sanitizer.Sanitize(html));
    }
}
