using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OperationalPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "operational_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Intro = table.Column<string>(type: "TEXT", nullable: false),
                    SourceFileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConfirmedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ImportReport = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedByPersonId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_operational_plans", x => x.Id);
                    table.CheckConstraint("ck_operational_plans_year", "\"Year\" BETWEEN 1990 AND 2200");
                    table.ForeignKey(
                        name: "FK_operational_plans_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plan_sections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Prose = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_sections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plan_sections_operational_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "operational_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_goals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    LeadIn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StatusChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Recurring = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_goals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plan_goals_operational_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "operational_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_plan_goals_plan_sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "plan_sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "goal_activities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GoalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_goal_activities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_goal_activities_plan_goals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "plan_goals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "goal_notes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GoalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_goal_notes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_goal_notes_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_goal_notes_plan_goals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "plan_goals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "goal_responsible",
                columns: table => new
                {
                    GoalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_goal_responsible", x => new { x.GoalId, x.PersonId });
                    table.ForeignKey(
                        name: "FK_goal_responsible_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_goal_responsible_plan_goals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "plan_goals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_goal_activities_GoalId",
                table: "goal_activities",
                column: "GoalId");

            migrationBuilder.CreateIndex(
                name: "IX_goal_notes_GoalId",
                table: "goal_notes",
                column: "GoalId");

            migrationBuilder.CreateIndex(
                name: "IX_goal_notes_PersonId",
                table: "goal_notes",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_goal_responsible_PersonId",
                table: "goal_responsible",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_operational_plans_UnitId_Year",
                table: "operational_plans",
                columns: new[] { "UnitId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plan_goals_PlanId_Order",
                table: "plan_goals",
                columns: new[] { "PlanId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_goals_SectionId",
                table: "plan_goals",
                column: "SectionId");

            migrationBuilder.CreateIndex(
                name: "IX_plan_sections_PlanId",
                table: "plan_sections",
                column: "PlanId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "goal_activities");

            migrationBuilder.DropTable(
                name: "goal_notes");

            migrationBuilder.DropTable(
                name: "goal_responsible");

            migrationBuilder.DropTable(
                name: "plan_goals");

            migrationBuilder.DropTable(
                name: "plan_sections");

            migrationBuilder.DropTable(
                name: "operational_plans");
        }
    }
}
