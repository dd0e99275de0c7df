using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MemberList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "people",
                type: "text",
                nullable: true,
                computedColumnSql: "' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(\"FirstName\" || ' ' || \"LastName\" || ' ' || coalesce(\"Email\", ''), 'Å', 'a'), 'å', 'a'), 'Ä', 'a'), 'ä', 'a'), 'Ö', 'o'), 'ö', 'o'), 'É', 'e'), 'é', 'e'), 'È', 'e'), 'è', 'e'), 'Ü', 'u'), 'ü', 'u'), 'Ø', 'o'), 'ø', 'o'), 'Æ', 'ae'), 'æ', 'ae'), '-', ' '), '.', ' '), '@', ' '), '_', ' '), '+', ' ')) || ' ' || coalesce(\"MemberNumber\", '') || ' ' || replace(replace(replace(replace(replace(coalesce(\"Phone\", ''), '+', ''), '-', ''), ' ', ''), '(', ''), ')', '')",
                stored: true);

            // Not in the model, so written here by hand (decision 0011): a trigram index lets the member list's
            // "contains" search read the matching rows instead of every person's. pg_trgm ships with PostgreSQL
            // and is a trusted extension, so the database owner may create it without superuser rights.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE INDEX \"IX_people_SearchText_trgm\" ON people USING gin (\"SearchText\" gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_people_SearchText_trgm\";");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "people");
        }
    }
}
