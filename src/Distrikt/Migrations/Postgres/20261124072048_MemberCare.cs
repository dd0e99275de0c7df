using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MemberCare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "DoNotContactSince",
                table: "people",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "MinimisedOn",
                table: "people",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "association_contacts",
                columns: table => new
                {
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_contacts", x => x.UnitId);
                    table.ForeignKey(
                        name: "FK_association_contacts_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_association_contacts_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "call_lists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SourceQueue = table.Column<int>(type: "integer", nullable: true),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_lists", x => x.Id);
                    table.ForeignKey(
                        name: "FK_call_lists_people_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_call_lists_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "care_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Queue = table.Column<int>(type: "integer", nullable: false),
                    DoneOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DoneById = table.Column<Guid>(type: "uuid", nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_care_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_care_steps_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_care_steps_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "liaison_contacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    LiaisonPersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    ContactedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_liaison_contacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_liaison_contacts_people_LiaisonPersonId",
                        column: x => x.LiaisonPersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_liaison_contacts_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "liaisons",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    RhythmDays = table.Column<int>(type: "integer", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_liaisons", x => x.Id);
                    table.CheckConstraint("ck_liaisons_rhythm", "\"RhythmDays\" BETWEEN 1 AND 366");
                    table.ForeignKey(
                        name: "FK_liaisons_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_liaisons_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "member_care_settings",
                columns: table => new
                {
                    DistrictId = table.Column<Guid>(type: "uuid", nullable: false),
                    NewMemberDays = table.Column<int>(type: "integer", nullable: false),
                    LapsingDays = table.Column<int>(type: "integer", nullable: false),
                    LapsedDays = table.Column<int>(type: "integer", nullable: false),
                    ReturningDays = table.Column<int>(type: "integer", nullable: false),
                    ProspectRetentionDays = table.Column<int>(type: "integer", nullable: false),
                    FormerMemberRetentionDays = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_member_care_settings", x => x.DistrictId);
                    table.ForeignKey(
                        name: "FK_member_care_settings_units_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "prospects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    SourceNote = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConsentGivenOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ConsentText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    JoinedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ErasedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_prospects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_prospects_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_prospects_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "retention_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DistrictId = table.Column<Guid>(type: "uuid", nullable: false),
                    RanAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Erased = table.Column<int>(type: "integer", nullable: false),
                    Minimised = table.Column<int>(type: "integer", nullable: false),
                    ProspectsErased = table.Column<int>(type: "integer", nullable: false),
                    StartedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retention_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "call_list_callers",
                columns: table => new
                {
                    CallListId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_list_callers", x => new { x.CallListId, x.PersonId });
                    table.ForeignKey(
                        name: "FK_call_list_callers_call_lists_CallListId",
                        column: x => x.CallListId,
                        principalTable: "call_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_call_list_callers_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "call_list_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CallListId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CallerId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReservedById = table.Column<Guid>(type: "uuid", nullable: true),
                    ReservedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: true),
                    EngageIn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CalledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CalledById = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_list_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_call_list_entries_call_lists_CallListId",
                        column: x => x.CallListId,
                        principalTable: "call_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_call_list_entries_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_people_DoNotContactSince",
                table: "people",
                column: "DoNotContactSince");

            migrationBuilder.CreateIndex(
                name: "IX_association_contacts_PersonId",
                table: "association_contacts",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_call_list_callers_PersonId",
                table: "call_list_callers",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_call_list_entries_CallListId_Position",
                table: "call_list_entries",
                columns: new[] { "CallListId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_call_list_entries_PersonId",
                table: "call_list_entries",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_call_lists_OwnerId",
                table: "call_lists",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_call_lists_UnitId_ClosedAt",
                table: "call_lists",
                columns: new[] { "UnitId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_care_steps_PersonId_Queue_DoneOn",
                table: "care_steps",
                columns: new[] { "PersonId", "Queue", "DoneOn" });

            migrationBuilder.CreateIndex(
                name: "IX_care_steps_UnitId",
                table: "care_steps",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_liaison_contacts_LiaisonPersonId",
                table: "liaison_contacts",
                column: "LiaisonPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_liaison_contacts_UnitId_ContactedOn",
                table: "liaison_contacts",
                columns: new[] { "UnitId", "ContactedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_liaisons_PersonId_EndsOn",
                table: "liaisons",
                columns: new[] { "PersonId", "EndsOn" });

            migrationBuilder.CreateIndex(
                name: "IX_liaisons_UnitId_EndsOn",
                table: "liaisons",
                columns: new[] { "UnitId", "EndsOn" });

            migrationBuilder.CreateIndex(
                name: "IX_prospects_PersonId",
                table: "prospects",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_prospects_UnitId_JoinedOn",
                table: "prospects",
                columns: new[] { "UnitId", "JoinedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_retention_runs_DistrictId_RanAt",
                table: "retention_runs",
                columns: new[] { "DistrictId", "RanAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "association_contacts");

            migrationBuilder.DropTable(
                name: "call_list_callers");

            migrationBuilder.DropTable(
                name: "call_list_entries");

            migrationBuilder.DropTable(
                name: "care_steps");

            migrationBuilder.DropTable(
                name: "liaison_contacts");

            migrationBuilder.DropTable(
                name: "liaisons");

            migrationBuilder.DropTable(
                name: "member_care_settings");

            migrationBuilder.DropTable(
                name: "prospects");

            migrationBuilder.DropTable(
                name: "retention_runs");

            migrationBuilder.DropTable(
                name: "call_lists");

            migrationBuilder.DropIndex(
                name: "IX_people_DoNotContactSince",
                table: "people");

            migrationBuilder.DropColumn(
                name: "DoNotContactSince",
                table: "people");

            migrationBuilder.DropColumn(
                name: "MinimisedOn",
                table: "people");
        }
    }
}
