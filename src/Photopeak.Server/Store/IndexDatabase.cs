using Npgsql;

namespace Photopeak.Server.Store;

/// <summary>
/// Where a node keeps its index: <c>sqlite</c> (index.db in the data folder, the default) or a PostgreSQL database named by a
/// URL <c>postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=/socket/dir]</c>, shared by the nodes and workers of a site.
/// </summary>
public sealed record IndexDatabase
{
    private IndexDatabase(string? postgresConnectionString, string display)
    {
        PostgresConnectionString = postgresConnectionString;
        Display = display;
    }

    /// <summary>The embedded default.</summary>
    public static IndexDatabase Sqlite { get; } = new(null, "sqlite");

    /// <summary>The Npgsql connection string, or null for SQLite.</summary>
    public string? PostgresConnectionString { get; }

    /// <summary>The database as logs and messages show it: never the password.</summary>
    public string Display { get; }

    public bool IsPostgres => PostgresConnectionString is not null;

    public override string ToString() => Display;

    /// <summary>Parses a <c>--db</c> value; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static IndexDatabase Parse(string text)
    {
        if (string.Equals(text, "sqlite", StringComparison.OrdinalIgnoreCase)) return Sqlite;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
            throw new FormatException("expected sqlite or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0) throw new FormatException("the URL names no database (postgres://USER@HOST/DATABASE)");
        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length == 0) throw new FormatException("the URL names no user (postgres://USER@HOST/DATABASE)");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            Username = Uri.UnescapeDataString(user[0]),
            Pooling = false,
            // Claims and inserts are single statements; a node that lost its database should fail a store, not hang it.
            Timeout = 15,
            CommandTimeout = 60,
        };
        if (user.Length == 2) builder.Password = Uri.UnescapeDataString(user[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (kv[0])
            {
                case "host": builder.Host = value; break; // a Unix socket folder, as libpq allows
                case "sslmode": builder.SslMode = Enum.Parse<SslMode>(value, ignoreCase: true); break;
                default: throw new FormatException($"unknown URL parameter '{kv[0]}' (known: host, sslmode)");
            }
        }
        return new IndexDatabase(builder.ConnectionString, $"postgres://{builder.Username}@{uri.Host}{(uri.IsDefaultPort || uri.Port < 0 ? "" : ":" + uri.Port)}/{database}");
    }
}
