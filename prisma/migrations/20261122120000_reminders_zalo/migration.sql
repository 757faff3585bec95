-- AlterTable
ALTER TABLE "ReminderDelivery" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "ReminderDelivery" ADD COLUMN "claimedUntil" DATETIME;

-- CreateTable
CREATE TABLE "ZaloToken" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "oaId" TEXT NOT NULL,
    "accessToken" TEXT NOT NULL,
    "refreshToken" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "refreshingBy" TEXT,
    "refreshingUntil" DATETIME,
    "deadSince" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OperatorAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Office" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
    "periodRule" TEXT NOT NULL DEFAULT 'decree09',
    "reportDueDays" INTEGER NOT NULL DEFAULT 4,
    "inputLeadDays" INTEGER NOT NULL DEFAULT 2,
    "reminderTime" TEXT NOT NULL DEFAULT '07:30',
    "reminderDays" INTEGER NOT NULL DEFAULT 7,
    "escalateAfterDays" INTEGER NOT NULL DEFAULT 14,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Office" ("createdAt", "id", "inputLeadDays", "name", "periodRule", "reminderDays", "reminderTime", "reportDueDays", "timezone", "updatedAt") SELECT "createdAt", "id", "inputLeadDays", "name", "periodRule", "reminderDays", "reminderTime", "reportDueDays", "timezone", "updatedAt" FROM "Office";
DROP TABLE "Office";
ALTER TABLE "new_Office" RENAME TO "Office";
CREATE UNIQUE INDEX "Office_name_key" ON "Office"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ZaloToken_oaId_key" ON "ZaloToken"("oaId");

-- CreateIndex
CREATE INDEX "OperatorAlert_kind_resolvedAt_idx" ON "OperatorAlert"("kind", "resolvedAt");

