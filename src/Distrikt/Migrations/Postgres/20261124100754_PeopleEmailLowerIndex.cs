using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PeopleEmailLowerIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_people_Email",
                table: "people");

            // Addresses are looked up without regard to case; the model cannot state an index on an expression.
            migrationBuilder.Sql("CREATE INDEX \"IX_people_Email_lower\" ON people (lower(\"Email\"));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_people_Email_lower\";");

            migrationBuilder.CreateIndex(
                name: "IX_people_Email",
                table: "people",
                column: "Email");
        }
    }
}
