using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Distrikt.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicationRounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ApplicantAssociationId",
                table: "registrations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ApplicationNumber",
                table: "registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FirstTime",
                table: "registrations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Gender",
                table: "registrations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Motivation",
                table: "registrations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReservePosition",
                table: "registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LotteryDrawnAt",
                table: "gatherings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LotteryExplanation",
                table: "gatherings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LotteryFingerprint",
                table: "gatherings",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "LotteryFirstTimersFirst",
                table: "gatherings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "LotteryFixedAt",
                table: "gatherings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "LotteryGenderBalance",
                table: "gatherings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "LotteryMaxPerAssociation",
                table: "gatherings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LotterySeed",
                table: "gatherings",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SeatsByLottery",
                table: "gatherings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_registrations_GatheringId_ApplicationNumber",
                table: "registrations",
                columns: new[] { "GatheringId", "ApplicationNumber" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_registrations_GatheringId_ApplicationNumber",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "ApplicantAssociationId",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "ApplicationNumber",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "FirstTime",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "Gender",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "Motivation",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "ReservePosition",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "LotteryDrawnAt",
                table: "gatherings");

            migrationBuilder.DropColumn(
                name: "LotteryExplanation",
                table: "gatherings");

            migrationBuilder.DropColumn(
                name: "LotteryFingerprint",
                table: "gatherings");

            migrationBuilder.DropColumn(
                name: "LotteryFirstTimersFirst",
                table: "gatherings");

            migrationBuilder.DropColumn(
                name: "LotteryFixedAt",
                table: "gatherings");

            migrationBuilder.DropColumn(
                name: "LotteryGenderBalance",
                table: "gatherings");

            migrationBuilder.DropColumn(
                name: "LotteryMaxPerAssociation",
                table: "gatherings");

            migrationBuilder.DropColumn(
                name: "LotterySeed",
                table: "gatherings");

            migrationBuilder.DropColumn(
                name: "SeatsByLottery",
                table: "gatherings");
        }
    }
}
