package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlansQuotaAndCodesTest {

    static List<org.junit.jupiter.api.Named<Store>> stores() throws Exception {
        return Stores.all();
    }

    @Test
    void theDefaultPlansAreFreeWithTenPromptsProAndUnlimited() {
        Plans plans = Plans.defaults();
        assertThat(plans.all()).extracting(Plan::name).containsExactly("free", "pro", "unlimited");
        assertThat(plans.require("free").prompts()).isEqualTo(10);
        assertThat(plans.require("free").allowance()).isEqualTo("10 prompts in total");
        assertThat(plans.require("Pro").allowance()).isEqualTo("1,000 prompts a month");
        assertThat(plans.require("unlimited").unlimited()).isTrue();
        assertThatThrownBy(() -> plans.require("gold")).hasMessageContaining("Plans: free, pro, unlimited");
    }

    @Test
    void anOperatorsPlansChangeAndAddPlansAndABadValueIsNamedWithItsFile() {
        Plans plans = Plans.of(java.util.Map.of("free.prompts", "25", "team.title", "Team", "team.prompts", "5_000", "team.period", "month"),
                "plans.properties");
        assertThat(plans.require("free").prompts()).isEqualTo(25);
        assertThat(plans.require("team").allowance()).isEqualTo("5,000 prompts a month");
        assertThatThrownBy(() -> Plans.of(java.util.Map.of("pro.prompts", "lots"), "/etc/wizzygen/plans.properties"))
                .isInstanceOf(AccountException.class).hasMessageContaining("pro.prompts is 'lots'").hasMessageContaining("/etc/wizzygen/plans.properties");
        assertThat(Plans.of(java.util.Map.of(), "plans.properties").all()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twentyConcurrentChargesAgainstATenPromptPlanChargeExactlyTen(Store store) throws Exception {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Quota quota = new Quota(store, accounts, Plans.defaults(), Clock.systemUTC());
        Account account = accounts.signUp(Stores.email(), "correct horse battery");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> charges = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                charges.add(pool.submit((Callable<Boolean>) () -> {
                    go.await();
                    return quota.reserve(account.id(), null).isPresent();
                }));
            }
            go.countDown();
            int charged = 0;
            for (Future<Boolean> charge : charges) {
                charged += charge.get() ? 1 : 0;
            }
            assertThat(charged).isEqualTo(10);
        }
        assertThat(quota.standing(account.id()).used()).isEqualTo(10);
        assertThat(quota.standing(account.id()).left()).isZero();
        assertThat(quota.usedUpMessage(account.id())).contains("10 prompts", "Free", "Upgrade");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPromptGivenBackCanBeHeldAgainAndAnUpgradeOpensANewAllowance(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Plans plans = Plans.defaults();
        Quota quota = new Quota(store, accounts, plans, Clock.systemUTC());
        Account account = accounts.signUp(Stores.email(), "correct horse battery");
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            holds.add(quota.reserve(account.id(), null).orElseThrow());
        }
        assertThat(quota.reserve(account.id(), null)).isEmpty();
        quota.giveBack(holds.getFirst());
        quota.giveBack(holds.getFirst());
        assertThat(quota.standing(account.id()).used()).as("giving back twice gives back once").isEqualTo(9);
        assertThat(quota.reserve(account.id(), null)).isPresent();
        UpgradeCodes codes = new UpgradeCodes(store, accounts, plans, Clock.systemUTC());
        assertThat(codes.redeem(account.id(), codes.issue("pro")).name()).isEqualTo("pro");
        assertThat(quota.standing(account.id()).plan().name()).isEqualTo("pro");
        assertThat(quota.reserve(account.id(), null)).isPresent();
        assertThat(quota.standing(account.id()).used()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anUpgradeCodeWorksOnceEvenWhenTwoAccountsRedeemItAtTheSameTime(Store store) throws Exception {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Plans plans = Plans.defaults();
        UpgradeCodes codes = new UpgradeCodes(store, accounts, plans, Clock.systemUTC());
        String code = codes.issue("unlimited");
        assertThat(code).matches("WZ-[A-Z0-9]{5}(-[A-Z0-9]{1,5})+");
        List<Account> people = List.of(accounts.signUp(Stores.email(), "correct horse battery"), accounts.signUp(Stores.email(), "correct horse battery"));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Account person : people) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        return codes.redeem(person.id(), " " + code.toLowerCase() + " ").name();
                    } catch (AccountException e) {
                        return e.getMessage();
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get());
            }
            assertThat(results).containsOnlyOnce("unlimited");
        }
        assertThat(people.stream().map(p -> accounts.find(p.id()).orElseThrow().plan()).filter("unlimited"::equals).count()).isEqualTo(1);
        assertThatThrownBy(() -> codes.redeem(people.get(0).id(), code)).hasMessageContaining("used already");
        assertThatThrownBy(() -> codes.redeem(people.get(0).id(), "WZ-NOPE")).hasMessageContaining("not one we issued");
        assertThatThrownBy(() -> codes.issue("gold")).hasMessageContaining("no plan 'gold'");
        long plainCodes = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM upgrade_codes WHERE code_hash = :c")
                .bind("c", code).mapTo(Long.class).one());
        assertThat(plainCodes).isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void settledPromptsAddUpPerModelThisMonthAndInTotal(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Usage usage = new Usage(store, Clock.systemUTC());
        Quota quota = new Quota(store, accounts, Plans.defaults(), Clock.systemUTC());
        Account account = accounts.signUp(Stores.email(), "correct horse battery");
        quota.settle(quota.reserve(account.id(), null).orElseThrow(), "gpt-4o-mini", 100, 50, 0.001);
        quota.settle(quota.reserve(account.id(), null).orElseThrow(), "gpt-4o-mini", 10, 5, 0.0001);
        String gemini = quota.reserve(account.id(), null).orElseThrow();
        quota.settle(gemini, "gemini-2.5-flash", 1, 2, 0);
        quota.settle(gemini, "gemini-2.5-flash", 1, 2, 0);
        assertThat(usage.thisMonth(account.id())).containsExactly(
                new Usage.Line("gemini-2.5-flash", 1, 1, 2, 0),
                new Usage.Line("gpt-4o-mini", 2, 110, 55, 0.0011000000000000001));
        assertThat(usage.total(account.id())).hasSize(2);
        assertThat(usage.total(accounts.signUp(Stores.email(), "correct horse battery").id())).isEmpty();
        assertThat(quota.standing(account.id()).used()).as("a hold settled twice is used once").isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void promptsHeldForARunWhoseProcessDiedGoBackToThePlanAndSettledOnesStay(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Quota quota = new Quota(store, accounts, Plans.defaults(), Clock.systemUTC());
        Usage usage = new Usage(store, Clock.systemUTC());
        Account account = accounts.signUp(Stores.email(), "correct horse battery");
        String run = java.util.UUID.randomUUID().toString();
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            holds.add(quota.reserve(account.id(), run).orElseThrow());
        }
        quota.settle(holds.getFirst(), "demo", 3, 4, 0);
        String preview = quota.reserve(account.id(), null).orElseThrow();
        assertThat(quota.standing(account.id()).used()).isEqualTo(9);

        assertThat(quota.giveBackHeldFor(run)).isEqualTo(7);
        assertThat(quota.giveBackHeldFor(run)).isZero();
        assertThat(quota.standing(account.id()).used()).isEqualTo(2);
        assertThat(quota.giveBackStale(java.time.Duration.ofHours(1))).as("a fresh preview's hold is kept").isZero();
        assertThat(quota.giveBackStale(java.time.Duration.ofMillis(-1))).as("the preview's hold, and other tests' on this store")
                .isGreaterThanOrEqualTo(1);
        quota.giveBack(preview);
        assertThat(quota.standing(account.id()).used()).isEqualTo(1)
                .isEqualTo(usage.total(account.id()).stream().mapToLong(Usage.Line::prompts).sum());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void feedbackIsStoredWithItsSenderAndFoundBySearch(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Feedback feedback = new Feedback(store, Clock.systemUTC());
        Account account = accounts.signUp(Stores.email(), "correct horse battery");
        String marker = "marker-" + java.util.UUID.randomUUID();
        feedback.send(account, "Love it " + marker + " 100%_done", 5);
        feedback.send(account, "Second note " + marker, null);
        assertThat(feedback.list(marker, 10)).extracting(Feedback.Entry::email).containsOnly(account.email());
        assertThat(feedback.list(marker.toUpperCase() + " 100%_", 10)).singleElement().extracting(Feedback.Entry::rating).isEqualTo(5);
        assertThat(feedback.list(marker + "-nothing", 10)).isEmpty();
        assertThatThrownBy(() -> feedback.send(account, "   ", null)).hasMessageContaining("Write a message");
        assertThatThrownBy(() -> feedback.send(account, "ok", 6)).hasMessageContaining("1 to 5");
    }
}
