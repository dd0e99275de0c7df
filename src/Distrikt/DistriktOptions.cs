namespace Distrikt;

public sealed class DistriktOptions
{
    /// <summary>Where the SQLite file, the mail pickup folder and other local files live. Relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";
    /// <summary>Demo mode: a fictional district is seeded and its accounts can sign in with one click. Refused in Production.</summary>
    public bool DemoMode { get; set; }
    /// <summary>
    /// The address people reach the app at (https://distrikt.example.se), for links in e-mails sent outside a request,
    /// such as an offered seat after someone else's offer ran out. Links in e-mails sent during a request use the
    /// request's own address.
    /// </summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";
    public SignInOptions SignIn { get; set; } = new();

    public sealed class SignInOptions
    {
        public int LinkLifetimeMinutes { get; set; } = 15;
        public int SessionHours { get; set; } = 8;
        /// <summary>Sign-in requests allowed per client address and minute.</summary>
        public int AttemptsPerMinute { get; set; } = 10;
    }
}
