using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Gatherings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gatherings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    MeetingLink = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Invitation = table.Column<int>(type: "INTEGER", nullable: false),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    RegistrationDeadline = table.Column<long>(type: "INTEGER", nullable: true),
                    ChildcareOffered = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChildrenPerMinder = table.Column<int>(type: "INTEGER", nullable: false),
                    ChildcarePlaces = table.Column<int>(type: "INTEGER", nullable: true),
                    OfferHours = table.Column<int>(type: "INTEGER", nullable: false),
                    SensitiveAnswersKeptDays = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByPersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SeatVersion = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gatherings", x => x.Id);
                    table.CheckConstraint("ck_gatherings_capacity", "\"Capacity\" IS NULL OR \"Capacity\" BETWEEN 1 AND 100000");
                    table.CheckConstraint("ck_gatherings_minders", "\"ChildrenPerMinder\" BETWEEN 1 AND 20");
                    table.ForeignKey(
                        name: "FK_gatherings_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "gathering_invited_types",
                columns: table => new
                {
                    GatheringId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignmentTypeId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gathering_invited_types", x => new { x.GatheringId, x.AssignmentTypeId });
                    table.ForeignKey(
                        name: "FK_gathering_invited_types_assignment_types_AssignmentTypeId",
                        column: x => x.AssignmentTypeId,
                        principalTable: "assignment_types",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_gathering_invited_types_gatherings_GatheringId",
                        column: x => x.GatheringId,
                        principalTable: "gatherings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gathering_invitees",
                columns: table => new
                {
                    GatheringId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gathering_invitees", x => new { x.GatheringId, x.PersonId });
                    table.ForeignKey(
                        name: "FK_gathering_invitees_gatherings_GatheringId",
                        column: x => x.GatheringId,
                        principalTable: "gatherings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_gathering_invitees_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gathering_questions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatheringId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Choices = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Required = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sensitive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gathering_questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_gathering_questions_gatherings_GatheringId",
                        column: x => x.GatheringId,
                        principalTable: "gatherings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gathering_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatheringId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gathering_sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_gathering_sessions_gatherings_GatheringId",
                        column: x => x.GatheringId,
                        principalTable: "gatherings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatheringId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OfferExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CheckedInAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CheckInCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ChildcareNeeds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_registrations_gatherings_GatheringId",
                        column: x => x.GatheringId,
                        principalTable: "gatherings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_registrations_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registration_answers",
                columns: table => new
                {
                    RegistrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registration_answers", x => new { x.RegistrationId, x.QuestionId });
                    table.ForeignKey(
                        name: "FK_registration_answers_gathering_questions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "gathering_questions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_registration_answers_registrations_RegistrationId",
                        column: x => x.RegistrationId,
                        principalTable: "registrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registration_children",
                columns: table => new
                {
                    RegistrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Age = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registration_children", x => new { x.RegistrationId, x.Order });
                    table.CheckConstraint("ck_registration_children_age", "\"Age\" BETWEEN 0 AND 17");
                    table.ForeignKey(
                        name: "FK_registration_children_registrations_RegistrationId",
                        column: x => x.RegistrationId,
                        principalTable: "registrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registration_sessions",
                columns: table => new
                {
                    RegistrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registration_sessions", x => new { x.RegistrationId, x.SessionId });
                    table.ForeignKey(
                        name: "FK_registration_sessions_gathering_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "gathering_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_registration_sessions_registrations_RegistrationId",
                        column: x => x.RegistrationId,
                        principalTable: "registrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_gathering_invited_types_AssignmentTypeId",
                table: "gathering_invited_types",
                column: "AssignmentTypeId");

            migrationBuilder.CreateIndex(
                name: "IX_gathering_invitees_PersonId",
                table: "gathering_invitees",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_gathering_questions_GatheringId",
                table: "gathering_questions",
                column: "GatheringId");

            migrationBuilder.CreateIndex(
                name: "IX_gathering_sessions_GatheringId",
                table: "gathering_sessions",
                column: "GatheringId");

            migrationBuilder.CreateIndex(
                name: "IX_gathering_sessions_StartsAt",
                table: "gathering_sessions",
                column: "StartsAt");

            migrationBuilder.CreateIndex(
                name: "IX_gatherings_UnitId",
                table: "gatherings",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_registration_answers_QuestionId",
                table: "registration_answers",
                column: "QuestionId");

            migrationBuilder.CreateIndex(
                name: "IX_registration_sessions_SessionId",
                table: "registration_sessions",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_registrations_CheckInCode",
                table: "registrations",
                column: "CheckInCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registrations_GatheringId_PersonId",
                table: "registrations",
                columns: new[] { "GatheringId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registrations_GatheringId_Status_QueuedAt",
                table: "registrations",
                columns: new[] { "GatheringId", "Status", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_registrations_PersonId",
                table: "registrations",
                column: "PersonId");

            // Gatherings are arranged by the district's staff, chairs and secretaries from the start; the types stay editable.
            migrationBuilder.Sql("UPDATE assignment_types SET \"Permissions\" = \"Permissions\" | 64 WHERE \"Key\" IN ('ombudsman', 'ordforande', 'sekreterare');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gathering_invited_types");

            migrationBuilder.DropTable(
                name: "gathering_invitees");

            migrationBuilder.DropTable(
                name: "registration_answers");

            migrationBuilder.DropTable(
                name: "registration_children");

            migrationBuilder.DropTable(
                name: "registration_sessions");

            migrationBuilder.DropTable(
                name: "gathering_questions");

            migrationBuilder.DropTable(
                name: "gathering_sessions");

            migrationBuilder.DropTable(
                name: "registrations");

            migrationBuilder.DropTable(
                name: "gatherings");
        }
    }
}
