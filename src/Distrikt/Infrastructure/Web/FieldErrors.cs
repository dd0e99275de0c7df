namespace Distrikt.Infrastructure.Web;

/// <summary>
/// The Swedish messages of one form post, keyed by the id of the field they belong to, so a page can mark the
/// field (aria-invalid, aria-describedby) and list the errors as links at the top. Model binding's own messages
/// are English and generic, so the unit and assignment pages validate by hand and report through this.
/// </summary>
public sealed class FieldErrors
{
    /// <summary>Key for an error that belongs to the whole form, such as a concurrent edit.</summary>
    public const string Form = "";

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    /// <summary>Keeps the first message per field: it is the one the user must fix first.</summary>
    public void Add(string field, string message) => _errors.TryAdd(field, message);

    public string? this[string field] => _errors.GetValueOrDefault(field);

    public bool Any => _errors.Count > 0;

    public IEnumerable<KeyValuePair<string, string>> All => _errors;

    /// <summary>The value of the field's aria-invalid attribute.</summary>
    public string Invalid(string field) => _errors.ContainsKey(field) ? "true" : "false";

    /// <summary>The field's aria-describedby: its error (id "{field}-error") first, then its hint if it has one.</summary>
    public string? DescribedBy(string field, string? hintId = null)
    {
        var ids = new List<string>(2);
        if (_errors.ContainsKey(field)) ids.Add(field + "-error");
        if (hintId is not null) ids.Add(hintId);
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }
}
