using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true,
                computedColumnSql: "' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(\"FirstName\" || ' ' || \"LastName\" || ' ' || coalesce(\"Email\", ''), 'Å', 'a'), 'å', 'a'), 'Ä', 'a'), 'ä', 'a'), 'Ö', 'o'), 'ö', 'o'), 'É', 'e'), 'é', 'e'), 'È', 'e'), 'è', 'e'), 'Ü', 'u'), 'ü', 'u'), 'Ø', 'o'), 'ø', 'o'), 'Æ', 'ae'), 'æ', 'ae'), '-', ' '), '.', ' '), '@', ' '), '_', ' '), '+', ' ')) || ' ' || coalesce(\"MemberNumber\", '') || ' ' || replace(replace(replace(replace(replace(coalesce(\"Phone\", ''), '+', ''), '-', ''), ' ', ''), '(', ''), ')', '')",
                stored: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "people");
        }
    }
}
