using Npgsql;
using Photopeak.Server.Store;

namespace Photopeak.Server.Tests;

/// <summary>The --db value of serve and worker.</summary>
public class IndexDatabaseTests
{
    [Fact]
    public void A_postgres_url_gives_its_connection_and_a_display_without_the_password()
    {
        var db = IndexDatabase.Parse("postgres://node:s%40cret@db.example:5433/photopeak?sslmode=require");
        var c = new NpgsqlConnectionStringBuilder(db.PostgresConnectionString);
        Assert.Equal(("db.example", 5433, "photopeak", "node", "s@cret", SslMode.Require), (c.Host, c.Port, c.Database, c.Username, c.Password, c.SslMode));
        Assert.Equal("postgres://node@db.example:5433/photopeak", db.Display);
        Assert.DoesNotContain("cret", db.ToString(), StringComparison.Ordinal);
        Assert.True(db.IsPostgres);
    }

    [Fact]
    public void A_socket_folder_and_the_default_port_are_taken_as_libpq_takes_them()
    {
        var c = new NpgsqlConnectionStringBuilder(IndexDatabase.Parse("postgresql://photopeak@localhost/pp?host=/run/postgresql").PostgresConnectionString);
        Assert.Equal(("/run/postgresql", 5432, "pp"), (c.Host, c.Port, c.Database));
        Assert.Same(IndexDatabase.Sqlite, IndexDatabase.Parse("SQLite"));
        Assert.False(IndexDatabase.Sqlite.IsPostgres);
    }

    [Theory]
    [InlineData("mysql://u@h/db", "expected sqlite or postgres")]
    [InlineData("postgres://u@h/", "names no database")]
    [InlineData("postgres://h/db", "names no user")]
    [InlineData("postgres://u@h/db?timeout=3", "unknown URL parameter 'timeout'")]
    [InlineData("index.db", "expected sqlite or postgres")]
    public void A_bad_db_value_is_refused_saying_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => IndexDatabase.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
