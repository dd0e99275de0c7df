using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MemberRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "people",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "City",
                table: "people",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StreetAddress",
                table: "people",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UpdatedAt",
                table: "people",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FeePaidThrough",
                table: "memberships",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "member_import_mappings",
                columns: table => new
                {
                    DistrictId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Columns = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_member_import_mappings", x => x.DistrictId);
                    table.ForeignKey(
                        name: "FK_member_import_mappings_units_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "member_imports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DistrictId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    FileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Added = table.Column<int>(type: "INTEGER", nullable: false),
                    Changed = table.Column<int>(type: "INTEGER", nullable: false),
                    Ended = table.Column<int>(type: "INTEGER", nullable: false),
                    Rejoined = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    Unplaced = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_member_imports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_member_imports_units_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "person_tags",
                columns: table => new
                {
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false, collation: "SWEDISH")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_person_tags", x => new { x.PersonId, x.Name });
                    table.ForeignKey(
                        name: "FK_person_tags_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "register_uploads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DistrictId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Columns = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_register_uploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_register_uploads_units_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_people_Phone",
                table: "people",
                column: "Phone");

            migrationBuilder.CreateIndex(
                name: "IX_memberships_FeePaidThrough",
                table: "memberships",
                column: "FeePaidThrough");

            migrationBuilder.CreateIndex(
                name: "IX_member_imports_DistrictId_AppliedAt",
                table: "member_imports",
                columns: new[] { "DistrictId", "AppliedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_person_tags_Name",
                table: "person_tags",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_register_uploads_DistrictId",
                table: "register_uploads",
                column: "DistrictId");

            migrationBuilder.CreateIndex(
                name: "IX_register_uploads_UploadedAt",
                table: "register_uploads",
                column: "UploadedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "member_import_mappings");

            migrationBuilder.DropTable(
                name: "member_imports");

            migrationBuilder.DropTable(
                name: "person_tags");

            migrationBuilder.DropTable(
                name: "register_uploads");

            migrationBuilder.DropIndex(
                name: "IX_people_Phone",
                table: "people");

            migrationBuilder.DropIndex(
                name: "IX_memberships_FeePaidThrough",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "people");

            migrationBuilder.DropColumn(
                name: "City",
                table: "people");

            migrationBuilder.DropColumn(
                name: "StreetAddress",
                table: "people");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "people");

            migrationBuilder.DropColumn(
                name: "FeePaidThrough",
                table: "memberships");
        }
    }
}
