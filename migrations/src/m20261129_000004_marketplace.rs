//! The marketplace: worker profiles and skills, organisations (employers and training
//! schools), jobs, courses, applications and enrolments with their histories.
//!
//! Money is integer fen. Lists of small values (languages, work types, a job's required
//! skills) are JSON text; anything queried on its own has a column. "One active
//! application per worker and job" is a unique `active_key` that is NULL once the
//! application ends (NULLs never collide on SQLite or PostgreSQL).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WorkerProfiles::Table)
                    .col(uuid(WorkerProfiles::AccountId).primary_key())
                    .col(string(WorkerProfiles::Name))
                    .col(string_len_null(WorkerProfiles::Gender, 16))
                    .col(integer_null(WorkerProfiles::BirthYear))
                    .col(string_len_null(WorkerProfiles::HukouRegionCode, 6))
                    .col(double_null(WorkerProfiles::Lat))
                    .col(double_null(WorkerProfiles::Lng))
                    .col(string_len_null(WorkerProfiles::RegionCode, 6))
                    .col(text(WorkerProfiles::Languages))
                    .col(string_len_null(WorkerProfiles::Education, 32))
                    .col(text(WorkerProfiles::DesiredOccupations))
                    .col(big_integer_null(WorkerProfiles::MinWageAmount))
                    .col(string_len_null(WorkerProfiles::MinWageUnit, 16))
                    .col(text(WorkerProfiles::WorkTypes))
                    .col(date_null(WorkerProfiles::AvailableFrom))
                    .col(integer_null(WorkerProfiles::MaxTravelKm))
                    .col(boolean(WorkerProfiles::WantsTraining))
                    .col(boolean(WorkerProfiles::Discoverable))
                    .col(string_null(WorkerProfiles::IdNumberEnc))
                    .col(string_len_null(WorkerProfiles::IdNumberMasked, 18))
                    .col(timestamp_with_time_zone(WorkerProfiles::CreatedAt))
                    .col(timestamp_with_time_zone(WorkerProfiles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkerProfiles::Table, WorkerProfiles::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkerSkills::Table)
                    .col(uuid(WorkerSkills::AccountId))
                    .col(string_len(WorkerSkills::OccupationCode, 16))
                    .col(small_integer(WorkerSkills::Level))
                    .col(small_integer(WorkerSkills::Years))
                    .col(string_len_null(WorkerSkills::CertificateNo, 64))
                    .primary_key(
                        Index::create().col(WorkerSkills::AccountId).col(WorkerSkills::OccupationCode),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkerSkills::Table, WorkerSkills::AccountId)
                            .to(WorkerProfiles::Table, WorkerProfiles::AccountId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Organizations::Table)
                    .col(uuid(Organizations::Id).primary_key())
                    .col(uuid_uniq(Organizations::AccountId))
                    .col(string_len(Organizations::Kind, 16))
                    .col(string(Organizations::Name))
                    .col(string_len(Organizations::Uscc, 18))
                    .col(string(Organizations::Address))
                    .col(double(Organizations::Lat))
                    .col(double(Organizations::Lng))
                    .col(string_len(Organizations::RegionCode, 6))
                    .col(string(Organizations::ContactPhoneEnc))
                    .col(string_len(Organizations::ContactPhoneMasked, 16))
                    .col(string_len(Organizations::Status, 16))
                    .col(text_null(Organizations::RejectionReason))
                    .col(timestamp_with_time_zone_null(Organizations::ReviewedAt))
                    .col(uuid_null(Organizations::ReviewedBy))
                    .col(timestamp_with_time_zone(Organizations::CreatedAt))
                    .col(timestamp_with_time_zone(Organizations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Organizations::Table, Organizations::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_organizations_kind_uscc")
                    .table(Organizations::Table)
                    .col(Organizations::Kind)
                    .col(Organizations::Uscc)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(uuid(Jobs::Id).primary_key())
                    .col(uuid(Jobs::EmployerId))
                    .col(string(Jobs::Title))
                    .col(text(Jobs::Description))
                    .col(string_len(Jobs::OccupationCode, 16))
                    .col(text(Jobs::RequiredSkills))
                    .col(integer(Jobs::Headcount))
                    .col(integer(Jobs::OpeningsLeft))
                    .col(big_integer(Jobs::PayMin))
                    .col(big_integer(Jobs::PayMax))
                    .col(string_len(Jobs::PayUnit, 16))
                    .col(string_len(Jobs::PayCycle, 16))
                    .col(big_integer_null(Jobs::PieceDailyEstimate))
                    .col(big_integer(Jobs::DailyPayMin))
                    .col(big_integer(Jobs::DailyPayMax))
                    .col(string_len(Jobs::WorkType, 16))
                    .col(date_null(Jobs::StartDate))
                    .col(date_null(Jobs::EndDate))
                    .col(double(Jobs::Lat))
                    .col(double(Jobs::Lng))
                    .col(string_len(Jobs::RegionCode, 6))
                    .col(string(Jobs::Address))
                    .col(boolean(Jobs::Housing))
                    .col(boolean(Jobs::Meals))
                    .col(boolean(Jobs::SocialInsurance))
                    .col(boolean(Jobs::Transport))
                    .col(text(Jobs::Languages))
                    .col(string_len(Jobs::Status, 16))
                    .col(text_null(Jobs::ReviewFlags))
                    .col(text_null(Jobs::ReviewNote))
                    .col(timestamp_with_time_zone_null(Jobs::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Jobs::OpenedAt))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Jobs::Table, Jobs::EmployerId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_jobs_employer", vec![Jobs::EmployerId, Jobs::Id]),
            ("idx_jobs_status", vec![Jobs::Status, Jobs::Id]),
            ("idx_jobs_occupation", vec![Jobs::OccupationCode]),
            ("idx_jobs_region", vec![Jobs::RegionCode]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Jobs::Table);
            for c in cols {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Courses::Table)
                    .col(uuid(Courses::Id).primary_key())
                    .col(uuid(Courses::SchoolId))
                    .col(string(Courses::Title))
                    .col(text(Courses::Description))
                    .col(string_len(Courses::OccupationCode, 16))
                    .col(small_integer(Courses::TargetLevel))
                    .col(integer(Courses::Hours))
                    .col(date_null(Courses::StartDate))
                    .col(date_null(Courses::EndDate))
                    .col(string(Courses::Schedule))
                    .col(double(Courses::Lat))
                    .col(double(Courses::Lng))
                    .col(string_len(Courses::RegionCode, 6))
                    .col(string(Courses::Address))
                    .col(big_integer(Courses::Fee))
                    .col(boolean(Courses::SubsidyEligible))
                    .col(big_integer(Courses::SubsidyAmount))
                    .col(integer(Courses::Capacity))
                    .col(integer(Courses::SeatsTaken))
                    .col(string(Courses::Certificate))
                    .col(string_len(Courses::Mode, 16))
                    .col(uuid_null(Courses::OrderingEmployerId))
                    .col(string_len(Courses::Status, 16))
                    .col(timestamp_with_time_zone(Courses::CreatedAt))
                    .col(timestamp_with_time_zone(Courses::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Courses::Table, Courses::SchoolId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_courses_school", vec![Courses::SchoolId, Courses::Id]),
            ("idx_courses_status", vec![Courses::Status, Courses::Id]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Courses::Table);
            for c in cols {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .col(uuid(Applications::Id).primary_key())
                    .col(uuid(Applications::JobId))
                    .col(uuid(Applications::WorkerId))
                    .col(string_len(Applications::Status, 16))
                    .col(string_len_null(Applications::ActiveKey, 80))
                    .col(text_null(Applications::CoverNote))
                    .col(timestamp_with_time_zone_null(Applications::InterviewAt))
                    .col(string_null(Applications::InterviewPlace))
                    .col(timestamp_with_time_zone(Applications::CreatedAt))
                    .col(timestamp_with_time_zone(Applications::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Applications::Table, Applications::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Applications::Table, Applications::WorkerId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_applications_active")
                    .table(Applications::Table)
                    .col(Applications::ActiveKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_applications_job", Applications::JobId),
            ("idx_applications_worker", Applications::WorkerId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Applications::Table)
                        .col(col)
                        .col(Applications::Id)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Enrollments::Table)
                    .col(uuid(Enrollments::Id).primary_key())
                    .col(uuid(Enrollments::CourseId))
                    .col(uuid(Enrollments::WorkerId))
                    .col(string_len(Enrollments::Status, 16))
                    .col(string_len_null(Enrollments::ActiveKey, 80))
                    .col(string_len_null(Enrollments::CertificateNo, 64))
                    .col(timestamp_with_time_zone(Enrollments::CreatedAt))
                    .col(timestamp_with_time_zone(Enrollments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Enrollments::Table, Enrollments::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Enrollments::Table, Enrollments::WorkerId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_enrollments_active")
                    .table(Enrollments::Table)
                    .col(Enrollments::ActiveKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_enrollments_course", Enrollments::CourseId),
            ("idx_enrollments_worker", Enrollments::WorkerId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Enrollments::Table)
                        .col(col)
                        .col(Enrollments::Id)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(StatusEvents::Table)
                    .col(uuid(StatusEvents::Id).primary_key())
                    .col(string_len(StatusEvents::SubjectKind, 16))
                    .col(uuid(StatusEvents::SubjectId))
                    .col(string_len_null(StatusEvents::FromStatus, 16))
                    .col(string_len(StatusEvents::ToStatus, 16))
                    .col(uuid(StatusEvents::ActorId))
                    .col(string_len(StatusEvents::ActorRole, 16))
                    .col(text_null(StatusEvents::Note))
                    .col(timestamp_with_time_zone(StatusEvents::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_status_events_subject")
                    .table(StatusEvents::Table)
                    .col(StatusEvents::SubjectId)
                    .col(StatusEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            StatusEvents::Table.into_iden(),
            Enrollments::Table.into_iden(),
            Applications::Table.into_iden(),
            Courses::Table.into_iden(),
            Jobs::Table.into_iden(),
            Organizations::Table.into_iden(),
            WorkerSkills::Table.into_iden(),
            WorkerProfiles::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum WorkerProfiles {
    Table,
    AccountId,
    Name,
    Gender,
    BirthYear,
    HukouRegionCode,
    Lat,
    Lng,
    RegionCode,
    Languages,
    Education,
    DesiredOccupations,
    MinWageAmount,
    MinWageUnit,
    WorkTypes,
    AvailableFrom,
    MaxTravelKm,
    WantsTraining,
    Discoverable,
    IdNumberEnc,
    IdNumberMasked,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WorkerSkills {
    Table,
    AccountId,
    OccupationCode,
    Level,
    Years,
    CertificateNo,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    AccountId,
    Kind,
    Name,
    Uscc,
    Address,
    Lat,
    Lng,
    RegionCode,
    ContactPhoneEnc,
    ContactPhoneMasked,
    Status,
    RejectionReason,
    ReviewedAt,
    ReviewedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Jobs {
    Table,
    Id,
    EmployerId,
    Title,
    Description,
    OccupationCode,
    RequiredSkills,
    Headcount,
    OpeningsLeft,
    PayMin,
    PayMax,
    PayUnit,
    PayCycle,
    PieceDailyEstimate,
    DailyPayMin,
    DailyPayMax,
    WorkType,
    StartDate,
    EndDate,
    Lat,
    Lng,
    RegionCode,
    Address,
    Housing,
    Meals,
    SocialInsurance,
    Transport,
    Languages,
    Status,
    ReviewFlags,
    ReviewNote,
    ExpiresAt,
    OpenedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Courses {
    Table,
    Id,
    SchoolId,
    Title,
    Description,
    OccupationCode,
    TargetLevel,
    Hours,
    StartDate,
    EndDate,
    Schedule,
    Lat,
    Lng,
    RegionCode,
    Address,
    Fee,
    SubsidyEligible,
    SubsidyAmount,
    Capacity,
    SeatsTaken,
    Certificate,
    Mode,
    OrderingEmployerId,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Applications {
    Table,
    Id,
    JobId,
    WorkerId,
    Status,
    ActiveKey,
    CoverNote,
    InterviewAt,
    InterviewPlace,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Enrollments {
    Table,
    Id,
    CourseId,
    WorkerId,
    Status,
    ActiveKey,
    CertificateNo,
    CreatedAt,
    UpdatedAt,
}

/// Every status change of an application, enrolment, job or organisation, with who made it.
#[derive(DeriveIden)]
enum StatusEvents {
    Table,
    Id,
    SubjectKind,
    SubjectId,
    FromStatus,
    ToStatus,
    ActorId,
    ActorRole,
    Note,
    At,
}
