using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Distrikt.Tests.Infrastructure;

/// <summary>A browser-like client for integration tests: keeps cookies, reads pages as DOM, fills forms with their antiforgery token.</summary>
public sealed partial class AppClient(DistriktFactory factory) : IDisposable
{
    public HttpClient Http { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(r => r.Content(html).Address(response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/"));
    }

    /// <summary>GET, following redirects, and parse the final page.</summary>
    public async Task<(HttpResponseMessage Response, IDocument Page)> GetPageAsync(string url)
    {
        var response = await FollowAsync(await Http.GetAsync(url));
        return (response, await ParseAsync(response));
    }

    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        var hops = 0;
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.RedirectMethod && hops++ < 10)
        {
            var location = response.Headers.Location!;
            if (!location.IsAbsoluteUri) location = new Uri(Http.BaseAddress!, location);
            response = await Http.GetAsync(location);
        }
        return response;
    }

    /// <summary>
    /// Submits a form found on the page at <paramref name="pageUrl"/> (the first matching <paramref name="formSelector"/>),
    /// with its hidden fields and antiforgery token, overriding or adding <paramref name="values"/>. Does not follow the redirect.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, string formSelector, IEnumerable<KeyValuePair<string, string>> values)
    {
        var (_, page) = await GetPageAsync(pageUrl);
        return await SubmitAsync(page, formSelector, values);
    }

    public async Task<HttpResponseMessage> SubmitAsync(IDocument page, string formSelector, IEnumerable<KeyValuePair<string, string>> values)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"Hittar inget formulär '{formSelector}' på {page.Url}.");
        var fields = new List<KeyValuePair<string, string>>();
        var overrides = values.ToList();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
        {
            if (!overrides.Any(o => o.Key == input.Name) && input.Name is not null) fields.Add(new(input.Name, input.Value));
        }
        fields.AddRange(overrides);
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
        return await Http.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    /// <summary>Submits a multipart form with one file, its hidden fields and antiforgery token included. Does not follow the redirect.</summary>
    public async Task<HttpResponseMessage> UploadAsync(IDocument page, string formSelector, string fileField, string fileName, byte[] content)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"Hittar inget formulär '{formSelector}' på {page.Url}.");
        using var body = new MultipartFormDataContent();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
            if (input.Name is not null) body.Add(new StringContent(input.Value), input.Name);
        body.Add(new ByteArrayContent(content), fileField, fileName);
        var action = form.GetAttribute("action");
        return await Http.PostAsync(string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action, body);
    }

    public Task<HttpResponseMessage> SubmitAsync(string pageUrl, string formSelector, params (string Key, string Value)[] values) =>
        SubmitAsync(pageUrl, formSelector, values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));

    /// <summary>Signs in with a demo account's one-click button (demo mode).</summary>
    public async Task SignInAsDemoAsync(string email)
    {
        var response = await SubmitAsync("/logga-in", $"form:has(input[value='{email}'])", ("email", email));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>The whole e-mail link sign-in: ask for a link, read the .eml, open it, confirm, and give a TOTP code if asked.</summary>
    public async Task<IDocument> SignInWithLinkAsync(string email, string? totpKey = null)
    {
        var link = await RequestLinkAsync(email);
        var confirm = await SubmitAsync(link, "main form", Array.Empty<KeyValuePair<string, string>>());
        var page = await ParseAsync(await FollowAsync(confirm));
        if (page.Url.Contains("/logga-in/kod", StringComparison.Ordinal))
        {
            var key = page.QuerySelector("[data-totp-key]")?.GetAttribute("data-totp-key") ?? totpKey
                ?? throw new InvalidOperationException("Engångskod begärs men ingen nyckel är känd.");
            LastTotpKey = key;
            page = await ParseAsync(await FollowAsync(await SubmitAsync(page, "main form", [new("code", TotpCode(key))])));
        }
        return page;
    }

    public string? LastTotpKey { get; private set; }

    public async Task<string> RequestLinkAsync(string email)
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var response = await SubmitAsync("/logga-in", "form:has(#email)", ("email", email));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await ReadLinkFromMailAsync(email, before);
    }

    public async Task<string> ReadLinkFromMailAsync(string email, DateTime since)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.Exists(factory.MailFolder))
            {
                foreach (var file in new DirectoryInfo(factory.MailFolder).GetFiles("*.eml").OrderByDescending(f => f.Name))
                {
                    var message = await MimeKit.MimeMessage.LoadAsync(file.FullName);
                    if (message.To.Mailboxes.Any(m => string.Equals(m.Address, email, StringComparison.OrdinalIgnoreCase)) && message.Date.UtcDateTime >= since.AddSeconds(-1))
                    {
                        var match = LinkPattern().Match(message.TextBody ?? "");
                        if (match.Success) return new Uri(match.Value).PathAndQuery;
                    }
                }
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"Inget mejl med inloggningslänk till {email}.");
    }

    [GeneratedRegex(@"https?://\S+/logga-in/lank\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();

    /// <summary>RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 key, as an authenticator app computes it.</summary>
    public static string TotpCode(string base32Key, DateTimeOffset? at = null)
    {
        var key = Base32Decode(base32Key);
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var bytes = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian) Array.Reverse(bytes);
        var hash = HMACSHA1.HashData(key, bytes);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = input.Replace(" ", "").TrimEnd('=').ToUpperInvariant();
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }

    public void Dispose() => Http.Dispose();
}
