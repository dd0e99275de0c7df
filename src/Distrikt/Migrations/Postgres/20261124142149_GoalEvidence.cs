using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GoalEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "goal_evidence",
                columns: table => new
                {
                    GoalId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_goal_evidence", x => new { x.GoalId, x.Kind, x.TargetId });
                    table.ForeignKey(
                        name: "FK_goal_evidence_plan_goals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "plan_goals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_goal_evidence_Kind_TargetId",
                table: "goal_evidence",
                columns: new[] { "Kind", "TargetId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "goal_evidence");
        }
    }
}
