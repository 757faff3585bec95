-- CreateTable
CREATE TABLE "Office" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
    "periodRule" TEXT NOT NULL DEFAULT 'decree09',
    "reportDueDays" INTEGER NOT NULL DEFAULT 4,
    "inputLeadDays" INTEGER NOT NULL DEFAULT 2,
    "reminderTime" TEXT NOT NULL DEFAULT '07:30',
    "reminderDays" INTEGER NOT NULL DEFAULT 7,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OfficerTitle" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "officeId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'officer',
    "fromImport" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OfficerTitle_officeId_fkey" FOREIGN KEY ("officeId") REFERENCES "Office" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TitleAlias" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "officeId" INTEGER NOT NULL,
    "titleId" INTEGER NOT NULL,
    "alias" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    CONSTRAINT "TitleAlias_officeId_fkey" FOREIGN KEY ("officeId") REFERENCES "Office" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TitleAlias_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "OfficerTitle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "officeId" INTEGER NOT NULL,
    "fullName" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'officer',
    "preferredChannel" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_officeId_fkey" FOREIGN KEY ("officeId") REFERENCES "Office" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelIdentity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT,
    "linkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "unreachableSince" DATETIME,
    "unreachableReason" TEXT,
    CONSTRAINT "ChannelIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TitleAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "titleId" INTEGER NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT,
    CONSTRAINT "TitleAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TitleAssignment_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "OfficerTitle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "officeId" INTEGER NOT NULL,
    "titleId" INTEGER NOT NULL,
    "fullName" TEXT,
    "role" TEXT NOT NULL DEFAULT 'officer',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedByPersonId" INTEGER,
    "revokedAt" DATETIME,
    CONSTRAINT "Invite_officeId_fkey" FOREIGN KEY ("officeId") REFERENCES "Office" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Invite_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "OfficerTitle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "officeId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "sourceFile" TEXT,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Plan_officeId_fkey" FOREIGN KEY ("officeId") REFERENCES "Office" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Task" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "sourceRow" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "activity" TEXT,
    "output" TEXT,
    "deadlineText" TEXT NOT NULL,
    "note" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Task_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TaskTitle" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "titleId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    CONSTRAINT "TaskTitle_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TaskTitle_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "OfficerTitle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "label" TEXT,
    "kind" TEXT NOT NULL,
    "dueDate" TEXT,
    "every" TEXT,
    "phrase" TEXT NOT NULL,
    "dueSetByPersonId" INTEGER,
    "dueSetAt" DATETIME,
    CONSTRAINT "Milestone_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Target" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "taskId" INTEGER,
    "ownerTitleId" INTEGER,
    "seq" INTEGER NOT NULL,
    "indicator" TEXT NOT NULL,
    "comparator" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "unit" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    CONSTRAINT "Target_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Target_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Target_ownerTitleId_fkey" FOREIGN KEY ("ownerTitleId") REFERENCES "OfficerTitle" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgressEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "milestoneId" INTEGER,
    "periodKey" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "product" TEXT,
    "channel" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProgressEntry_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgressEntry_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ProgressEntry_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "progressEntryId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evidence_progressEntryId_fkey" FOREIGN KEY ("progressEntryId") REFERENCES "ProgressEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TargetFigure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" INTEGER NOT NULL,
    "periodKey" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "numerator" REAL,
    "denominator" REAL,
    "raw" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TargetFigure_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TargetFigure_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channel" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "messageId" TEXT,
    "text" TEXT,
    "raw" TEXT NOT NULL,
    "personId" INTEGER,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" DATETIME,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "DialogState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DialogState_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReminderDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "officeId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "channel" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReminderDelivery_officeId_fkey" FOREIGN KEY ("officeId") REFERENCES "Office" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReminderDelivery_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WorkingDayOverride" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "officeId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT,
    CONSTRAINT "WorkingDayOverride_officeId_fkey" FOREIGN KEY ("officeId") REFERENCES "Office" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Leave" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "delegateTitleId" INTEGER,
    "note" TEXT,
    CONSTRAINT "Leave_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Office_name_key" ON "Office"("name");

-- CreateIndex
CREATE UNIQUE INDEX "OfficerTitle_officeId_name_key" ON "OfficerTitle"("officeId", "name");

-- CreateIndex
CREATE INDEX "TitleAlias_titleId_idx" ON "TitleAlias"("titleId");

-- CreateIndex
CREATE UNIQUE INDEX "TitleAlias_officeId_key_key" ON "TitleAlias"("officeId", "key");

-- CreateIndex
CREATE INDEX "Person_officeId_idx" ON "Person"("officeId");

-- CreateIndex
CREATE INDEX "ChannelIdentity_personId_idx" ON "ChannelIdentity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelIdentity_channel_externalId_key" ON "ChannelIdentity"("channel", "externalId");

-- CreateIndex
CREATE INDEX "TitleAssignment_titleId_toDate_idx" ON "TitleAssignment"("titleId", "toDate");

-- CreateIndex
CREATE INDEX "TitleAssignment_personId_toDate_idx" ON "TitleAssignment"("personId", "toDate");

-- CreateIndex
CREATE UNIQUE INDEX "Invite_code_key" ON "Invite"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_officeId_year_key" ON "Plan"("officeId", "year");

-- CreateIndex
CREATE INDEX "Task_planId_seq_idx" ON "Task"("planId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Task_planId_key_key" ON "Task"("planId", "key");

-- CreateIndex
CREATE INDEX "TaskTitle_titleId_idx" ON "TaskTitle"("titleId");

-- CreateIndex
CREATE UNIQUE INDEX "TaskTitle_taskId_titleId_role_key" ON "TaskTitle"("taskId", "titleId", "role");

-- CreateIndex
CREATE INDEX "Milestone_dueDate_idx" ON "Milestone"("dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_taskId_seq_key" ON "Milestone"("taskId", "seq");

-- CreateIndex
CREATE INDEX "Target_ownerTitleId_idx" ON "Target"("ownerTitleId");

-- CreateIndex
CREATE UNIQUE INDEX "Target_planId_seq_key" ON "Target"("planId", "seq");

-- CreateIndex
CREATE INDEX "ProgressEntry_taskId_periodKey_createdAt_idx" ON "ProgressEntry"("taskId", "periodKey", "createdAt");

-- CreateIndex
CREATE INDEX "ProgressEntry_periodKey_idx" ON "ProgressEntry"("periodKey");

-- CreateIndex
CREATE INDEX "TargetFigure_targetId_periodKey_createdAt_idx" ON "TargetFigure"("targetId", "periodKey", "createdAt");

-- CreateIndex
CREATE INDEX "InboundMessage_senderId_idx" ON "InboundMessage"("senderId");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_channel_messageId_key" ON "InboundMessage"("channel", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "DialogState_personId_channel_key" ON "DialogState"("personId", "channel");

-- CreateIndex
CREATE INDEX "ReminderDelivery_status_nextAttemptAt_idx" ON "ReminderDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderDelivery_officeId_personId_day_kind_key" ON "ReminderDelivery"("officeId", "personId", "day", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "WorkingDayOverride_officeId_day_key" ON "WorkingDayOverride"("officeId", "day");

-- CreateIndex
CREATE INDEX "Leave_personId_fromDate_idx" ON "Leave"("personId", "fromDate");

