using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Distrikt.Infrastructure.Database;

/// <summary>
/// The SQLite half of <see cref="BulkInsert"/>: one INSERT prepared on the connection's own handle and stepped once
/// per row, each value bound by position as UTF-8 or a number.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite binds a parameter by looking up its name, infers its type and converts every string
/// to a fresh UTF-8 array, for every value of every row: for 100,000 people that was most of the insert's time.
/// The values are stored exactly as Microsoft.Data.Sqlite stores them when EF writes them (a GUID as upper-case
/// text, a date as ÅÅÅÅ-MM-DD, a number as an integer); a test compares the two column by column. The statement
/// runs inside the transaction the connection has open.
/// </remarks>
internal static class SqliteRows
{
    public static void Insert<T>(SqliteConnection connection, string table, IReadOnlyList<(string Name, Type Type, Func<object, object?> Value)> columns,
        IEnumerable<T> rows) where T : class
    {
        var kinds = columns.Select(c => KindOf(c.Type) ?? throw new NotSupportedException($"{table}.{c.Name}: values of type {c.Type.Name} cannot be bulk inserted on SQLite.")).ToArray();
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
        Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        using (statement)
        {
            var buffer = new byte[1024];
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var position = i + 1;
                    var value = columns[i].Value(row);
                    var rc = value is null ? raw.sqlite3_bind_null(statement, position) : kinds[i] switch
                    {
                        Kind.Text => BindText(statement, position, (string)value, ref buffer),
                        Kind.Guid => BindGuid(statement, position, (Guid)value),
                        Kind.Date => BindDate(statement, position, (DateOnly)value),
                        Kind.Integer => raw.sqlite3_bind_int64(statement, position, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                        Kind.Real => raw.sqlite3_bind_double(statement, position, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                        _ => raw.sqlite3_bind_blob(statement, position, (byte[])value),
                    };
                    Check(rc, handle);
                }
                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE) Check(step, handle);
                Check(raw.sqlite3_reset(statement), handle);
            }
        }
    }

    private enum Kind { Text, Guid, Date, Integer, Real, Blob }

    private static Kind? KindOf(Type type) => type switch
    {
        _ when type == typeof(string) => Kind.Text,
        _ when type == typeof(Guid) => Kind.Guid,
        _ when type == typeof(DateOnly) => Kind.Date,
        _ when type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(bool) => Kind.Integer,
        _ when type == typeof(double) || type == typeof(float) => Kind.Real,
        _ when type == typeof(byte[]) => Kind.Blob,
        _ => null,
    };

    private static int BindText(sqlite3_stmt statement, int position, string value, ref byte[] buffer)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > buffer.Length) buffer = new byte[Math.Max(max, buffer.Length * 2)];
        var length = Encoding.UTF8.GetBytes(value, buffer);
        return raw.sqlite3_bind_text(statement, position, buffer.AsSpan(0, length));
    }

    /// <summary>As Microsoft.Data.Sqlite writes a GUID for EF: its 36-character form in upper case.</summary>
    private static int BindGuid(sqlite3_stmt statement, int position, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++) if (text[i] is >= (byte)'a' and <= (byte)'f') text[i] -= 32;
        return raw.sqlite3_bind_text(statement, position, text);
    }

    private static int BindDate(sqlite3_stmt statement, int position, DateOnly value)
    {
        Span<byte> text = stackalloc byte[10];
        value.TryFormat(text, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return raw.sqlite3_bind_text(statement, position, text);
    }

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
    }
}
