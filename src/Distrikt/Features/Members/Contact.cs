using Distrikt.Features.RegisterImport;

namespace Distrikt.Features.Members;

/// <summary>Contact details as links a phone acts on.</summary>
public static class Contact
{
    /// <summary>The number for a tel: link: E.164 when it can be read, otherwise its digits; a link with spaces or dashes is not dialled everywhere.</summary>
    public static string TelHref(string phone) =>
        "tel:" + (RegisterRows.NormalisePhone(phone) ?? new string(phone.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray()));

    /// <summary>An address up to its @, and from it: a narrow column breaks a long address there rather than mid-word.</summary>
    public static string EmailLocalPart(string email) => email.IndexOf('@') is var at and > 0 ? email[..at] : email;

    public static string EmailDomain(string email) => email.IndexOf('@') is var at and > 0 ? email[at..] : "";

    /// <summary>As Swedes write it: 070-123 45 67.</summary>
    public static string Phone(string phone) => RegisterRows.FormatPhone(phone);
}
